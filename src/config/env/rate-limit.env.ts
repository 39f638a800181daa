import { type EnvBase, EnvInt } from './env-fields';

/** Request budgets: the general one per user, logins, and /metrics. */
export function RateLimitEnv<TBase extends EnvBase>(Base: TBase) {
  class RateLimitEnv extends Base {
    @EnvInt(1, 1_000_000) THROTTLE_LIMIT = 100;

    @EnvInt(1000, 3_600_000) THROTTLE_TTL_MS = 60_000;

    @EnvInt(1, 1000) LOGIN_THROTTLE_LIMIT = 5;

    /** Failed logins a minute for one username, from any address (stops a spread-out guesser). */
    @EnvInt(1, 10_000) LOGIN_USER_THROTTLE_LIMIT = 10;

    /** Failed logins a minute from one address, across usernames (stops username spraying). */
    @EnvInt(1, 10_000) LOGIN_IP_THROTTLE_LIMIT = 30;

    /** Renders of /metrics a minute per address; a render is cached for about a second anyway. */
    @EnvInt(1, 100_000) METRICS_THROTTLE_LIMIT = 60;
  }
  return RateLimitEnv;
}
