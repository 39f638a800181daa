import { Global, Module } from '@nestjs/common';
import { RedisConnection } from './redis-connection';

/**
 * The process's Redis connections (REDIS_URL), for the limits, the Socket.IO adapter and /health.
 * Global so that every user of Redis shares these connections instead of opening its own.
 */
@Global()
@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class RedisModule {}
