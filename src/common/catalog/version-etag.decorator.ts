import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { etagFor } from '../http/etag';

/** Sets the response's ETag from the versioned record it is given, and hands the record back. */
export type WithEtag = <T extends { id: string; version: number }>(record: T) => T;

/**
 * A handler parameter that answers a single versioned record with its ETag:
 * `return this.service.get(id).then(withEtag)`. A parameter rather than an interceptor because
 * an interceptor puts the route on Nest's RxJS path, which cost more than the record read itself
 * (GET /api/navigation/:id: 4,150 req/s without, 3,590 with, in one run).
 */
export const VersionEtag = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const res = context.switchToHttp().getResponse<FastifyReply>();
  const withEtag: WithEtag = (record) => {
    res.header('ETag', etagFor(record.id, record.version));
    return record;
  };
  return withEtag;
});
