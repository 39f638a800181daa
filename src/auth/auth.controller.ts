import { Body, Controller, Get, HttpCode, Ip, Patch, Post } from '@nestjs/common';
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
import type { AuthenticatedUser } from '../common/access/authenticated-user';

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
    description:
      'More than 5 attempts a minute for this address and username, or too many failures for the username or the address',
  })
  login(@Body() dto: LoginDto, @Ip() ip: string | undefined): Promise<LoginResponseDto> {
    return this.auth.login(dto.username, dto.password, ip);
  }

  @Public()
  @LoginRateLimit()
  @Post('token')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOkResponse({ type: OAuthTokenResponseDto })
  @ApiTooManyRequestsResponse({ type: ErrorEnvelopeDto, description: 'As for /auth/login' })
  async token(
    @Body() dto: OAuthTokenDto,
    @Ip() ip: string | undefined,
  ): Promise<OAuthTokenResponseDto> {
    return toOAuthTokenResponse(await this.auth.login(dto.username, dto.password, ip));
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
    return this.auth.logout(user, dto.refreshToken);
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
  @ApiTooManyRequestsResponse({
    type: ErrorEnvelopeDto,
    description: 'Too many failed sign-ins or wrong current passwords for the user or the address',
  })
  changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: ChangePasswordDto,
    @Ip() ip: string | undefined,
  ): Promise<void> {
    return this.auth.changeOwnPassword(user, dto.currentPassword, dto.newPassword, ip);
  }
}
