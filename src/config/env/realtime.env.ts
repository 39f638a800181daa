import { Transform } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import { emptyToUndefined, type EnvBase, EnvInt } from './env-fields';

/** Socket.IO: how many sockets a user may hold, and the Redis that several instances share. */
export function RealtimeEnv<TBase extends EnvBase>(Base: TBase) {
  class RealtimeEnv extends Base {
    @Transform(emptyToUndefined)
    @IsOptional()
    @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
    REDIS_URL?: string;

    /** Open Socket.IO sockets per user, across namespaces (a console tab opens one per namespace). */
    @EnvInt(1, 10_000) SOCKET_MAX_PER_USER = 20;
  }
  return RealtimeEnv;
}
