import pino, { type Level } from 'pino';
import { demoteQuietNestContexts, QUIET_NEST_CONTEXTS } from './nest-context-levels';

function capture(level: Level) {
  const lines: { level: number; msg: string; context?: string }[] = [];
  const logger = pino(
    { level, hooks: { logMethod: demoteQuietNestContexts } },
    { write: (line: string) => lines.push(JSON.parse(line)) },
  );
  return { lines, logger };
}

describe(demoteQuietNestContexts.name, () => {
  it.each([...QUIET_NEST_CONTEXTS])('should drop %s info lines at LOG_LEVEL=info', (context) => {
    const { lines, logger } = capture('info');
    logger.info({ context }, 'Mapped {/api/users, GET} route');
    expect(lines).toEqual([]);
  });

  it('should write them at debug when LOG_LEVEL=debug, through child loggers too', () => {
    const { lines, logger } = capture('debug');
    // nestjs-pino logs through a child of the root (pino-http's), so the hook must be inherited.
    logger.child({}).info({ context: 'RouterExplorer' }, 'Mapped {/api/users, GET} route');
    expect(lines).toMatchObject([
      { level: 20, context: 'RouterExplorer', msg: 'Mapped {/api/users, GET} route' },
    ]);
  });

  it('should keep the warnings and errors of those contexts at their level', () => {
    const { lines, logger } = capture('info');
    logger.warn({ context: 'InstanceLoader' }, 'something odd');
    logger.error({ context: 'NestApplication' }, 'listen EADDRINUSE');
    expect(lines.map((l) => l.level)).toEqual([40, 50]);
  });

  it('should leave other contexts and context-free lines (the request log) at info', () => {
    const { lines, logger } = capture('info');
    logger.info({ context: 'Hardware' }, 'Rover link up on sim');
    logger.info({ reqId: 'r1' }, 'request completed');
    logger.info('plain');
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [30, 'Rover link up on sim'],
      [30, 'request completed'],
      [30, 'plain'],
    ]);
  });
});
