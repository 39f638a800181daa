import { SetMetadata } from '@nestjs/common';

export const LOGIN_RATE_LIMIT_KEY = 'rmc:loginRateLimit';

/** Marks a credential-checking route: it gets the strict per IP-and-username limit (API.md §9). */
export const LoginRateLimit = (): MethodDecorator => SetMetadata(LOGIN_RATE_LIMIT_KEY, true);
