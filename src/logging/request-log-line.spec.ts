import type { ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import pino from 'pino';
import { demoteQuietNestContexts } from './nest-context-levels';
import { requestLogLine } from './request-log-line';

/** A logger as the app builds it (same redaction and hook), writing into `lines`. */
function capturingLogger(level = 'info') {
  const lines: string[] = [];
  const logger = pino(
    {
      level,
      redact: { paths: ['password', 'passwordHash', '*.password', '*.passwordHash'], remove: true },
      hooks: { logMethod: demoteQuietNestContexts },
    },
    { write: (line: string) => void lines.push(line) },
  );
  return { logger, lines };
}

const USER_ID = '3f2504e0-4f89-4d94-8c7b-1a2b3c4d5e6f';

function exchange(over: { url?: string; status?: number; finished?: boolean; user?: boolean }) {
  const req = {
    id: 'req-1',
    method: 'GET',
    originalUrl: over.url ?? '/api/navigation/abc',
    ip: '127.0.0.1',
    ...(over.user === false ? {} : { user: { id: USER_ID } }),
  } as unknown as FastifyRequest;
  const res = {
    statusCode: over.status ?? 200,
    writableFinished: over.finished ?? true,
  } as unknown as ServerResponse;
  return { req, res };
}

/** What pino itself writes for the same request line. */
function pinoLine(over: Parameters<typeof exchange>[0], responseTime: number): unknown {
  const { logger, lines } = capturingLogger();
  const aborted = over.finished === false;
  const status = aborted ? 499 : (over.status ?? 200);
  const method = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
  logger[method](
    {
      reqId: 'req-1',
      req: {
        method: 'GET',
        url: over.url ?? '/api/navigation/abc',
        remoteAddress: '127.0.0.1',
      },
      res: { statusCode: status },
      responseTime,
      ...(over.user === false ? {} : { userId: USER_ID }),
      ...(aborted ? { aborted: true } : {}),
    },
    aborted ? 'request aborted' : 'request completed',
  );
  return JSON.parse(lines[0]);
}

describe('requestLogLine', () => {
  it.each([
    ['a read', {}],
    ['a refusal', { status: 403, user: false }],
    ['a failure', { status: 503 }],
    ['an aborted request', { finished: false }],
    ['a URL with quotes and unicode', { url: '/api/x"é\\\\\u0001"' }],
  ])("should write %s exactly as pino's own line, fields in the same order", (_label, over) => {
    const { logger, lines } = capturingLogger();
    const { req, res } = exchange(over);
    requestLogLine(logger)(req, res, 1.234567);

    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('}\n')).toBe(true);
    const ours = JSON.parse(lines[0]) as Record<string, unknown>;
    const theirs = pinoLine(over, 1.23) as Record<string, unknown>;
    expect(Math.abs(Number(ours.time) - Number(theirs.time))).toBeLessThan(1000);
    expect({ ...ours, time: 0 }).toEqual({ ...theirs, time: 0 });
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
  });

  it('should redact secret-looking query values', () => {
    const { logger, lines } = capturingLogger();
    const { req, res } = exchange({ url: '/api/x?token=abc&page=2' });
    requestLogLine(logger)(req, res, 0.001);
    expect(lines[0]).not.toContain('abc');
    expect((JSON.parse(lines[0]) as { req: { url: string } }).req.url).toBe(
      '/api/x?token=%5Bredacted%5D&page=2',
    );
  });

  it('should write nothing below the logger level, and follow a level changed later', () => {
    const { logger, lines } = capturingLogger('warn');
    const line = requestLogLine(logger);
    line(exchange({}).req, exchange({}).res, 0.001);
    expect(lines).toHaveLength(0);
    line(exchange({ status: 404 }).req, exchange({ status: 404 }).res, 0.001);
    expect(lines).toHaveLength(1);
    logger.level = 'info';
    line(exchange({}).req, exchange({}).res, 0.001);
    expect(lines).toHaveLength(2);
  });
});
