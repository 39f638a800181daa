import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiConsumes,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser, Public } from '../common/decorators/auth.decorators';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { LoginRateLimit } from '../common/throttling/login-rate-limit.decorator';
import { AuthService } from './auth.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginResponseDto, SessionUserDto } from './dto/login-response.dto';
import { LoginDto } from './dto/login.dto';
import { OAuthTokenDto, OAuthTokenResponseDto } from './dto/oauth-token.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { toOAuthTokenResponse, toSessionUser } from './auth.mapper';
import type { AuthenticatedUser } from './scopes';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @LoginRateLimit()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorEnvelopeDto, description: 'Wrong username or password' })
  @ApiTooManyRequestsResponse({
    type: ErrorEnvelopeDto,
    description: 'More than 5 attempts a minute',
  })
  login(@Body() dto: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(dto.username, dto.password);
  }

  @Public()
  @LoginRateLimit()
  @Post('token')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOkResponse({ type: OAuthTokenResponseDto })
  async token(@Body() dto: OAuthTokenDto): Promise<OAuthTokenResponseDto> {
    return toOAuthTokenResponse(await this.auth.login(dto.username, dto.password));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto })
  refresh(@Body() dto: RefreshTokenDto): Promise<LoginResponseDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Authenticated()
  @Post('logout')
  @HttpCode(204)
  logout(@CurrentUser() user: AuthenticatedUser, @Body() dto: RefreshTokenDto): Promise<void> {
    return this.auth.logout(user.id, dto.refreshToken);
  }

  @Authenticated()
  @Get('me')
  @ApiOkResponse({ type: SessionUserDto })
  me(@CurrentUser() user: AuthenticatedUser): SessionUserDto {
    return toSessionUser(user);
  }

  @Authenticated()
  @Patch('me')
  @HttpCode(204)
  changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: ChangePasswordDto,
  ): Promise<void> {
    return this.auth.changeOwnPassword(user.id, dto.currentPassword, dto.newPassword);
  }
}
