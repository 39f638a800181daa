import type { LoginResponseDto, SessionUserDto } from './dto/login-response.dto';
import type { OAuthTokenResponseDto } from './dto/oauth-token.dto';
import type { AuthenticatedUser } from '../common/access/authenticated-user';

export function toSessionUser(user: AuthenticatedUser): SessionUserDto {
  return { id: user.id, username: user.username, role: user.role, scopes: [...user.scopes] };
}

export function toOAuthTokenResponse(login: LoginResponseDto): OAuthTokenResponseDto {
  return {
    access_token: login.accessToken,
    token_type: 'bearer',
    expires_in: login.expiresIn,
    refresh_token: login.refreshToken,
    scope: login.user.scopes.join(' '),
  };
}
