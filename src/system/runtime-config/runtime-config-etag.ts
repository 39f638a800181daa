import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { type Observable, tap } from 'rxjs';
import { AppError } from '../../common/errors/app-error';

export function configEtag(version: number): string {
  return `"config.${version}"`;
}

/**
 * The version an If-Match names. Absent or `*`: no precondition. A tag that is not one of ours can
 * never match, so it is a 412 like a stale one.
 */
export function expectedConfigVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  for (const tag of ifMatch.split(',')) {
    const match = /^\s*(?:W\/)?"config\.(\d{1,9})"\s*$/.exec(tag);
    if (match) return Number(match[1]);
  }
  throw staleConfig();
}

export function staleConfig(): AppError {
  return new AppError(
    'precondition_failed',
    'The settings changed since this If-Match was read; read them again',
  );
}

/** Sets the ETag of the settings a handler returns. */
@Injectable()
export class RuntimeConfigEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap((body: unknown) => {
        const version = (body as { version?: unknown } | null)?.version;
        if (typeof version === 'number') {
          context.switchToHttp().getResponse<FastifyReply>().header('ETag', configEtag(version));
        }
      }),
    );
  }
}
