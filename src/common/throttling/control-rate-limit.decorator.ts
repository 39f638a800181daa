import { SetMetadata } from '@nestjs/common';

export const CONTROL_RATE_LIMIT_KEY = 'rmc:controlRateLimit';

/** Marks a motion route: it gets the 10 requests a second per user limit (API.md §3). */
export const ControlRateLimit = (): MethodDecorator => SetMetadata(CONTROL_RATE_LIMIT_KEY, true);
