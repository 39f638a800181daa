import type { LogFn, Logger } from 'pino';

/**
 * Nest's contexts that narrate the boot line by line: every module initialized, every route and
 * socket message mapped (about a hundred lines). Useful when a route is missing, noise otherwise,
 * so their info lines go out at debug (LOG_LEVEL=debug shows them again). Their warnings and errors
 * keep their level.
 */
export const QUIET_NEST_CONTEXTS: ReadonlySet<string> = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'WebSocketsController',
  'NestApplication',
]);

const INFO = 30;

function contextOf(args: unknown[]): unknown {
  const first = args[0];
  return typeof first === 'object' && first !== null
    ? (first as { context?: unknown }).context
    : undefined;
}

/**
 * A pino `hooks.logMethod`: nestjs-pino passes Nest's context as the `context` field of the first
 * argument, so the level can be chosen here, under every logger, whatever wrapper Nest is given.
 */
export function demoteQuietNestContexts(
  this: Logger,
  args: Parameters<LogFn>,
  method: LogFn,
  level: number,
): void {
  const context = contextOf(args);
  if (level === INFO && typeof context === 'string' && QUIET_NEST_CONTEXTS.has(context)) {
    this.debug(...args);
    return;
  }
  method.apply(this, args);
}
