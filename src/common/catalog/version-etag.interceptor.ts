import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { type Observable, tap } from 'rxjs';
import { etagFor } from '../http/etag';

/** Adds the ETag of any single versioned record a handler returns (`{ id, version }`). */
@Injectable()
export class VersionEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap((body: unknown) => {
        if (!body || typeof body !== 'object') return;
        const { id, version } = body as { id?: unknown; version?: unknown };
        if (typeof id === 'string' && typeof version === 'number') {
          context.switchToHttp().getResponse<Response>().setHeader('ETag', etagFor(id, version));
        }
      }),
    );
  }
}
