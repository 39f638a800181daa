import pino from 'pino';
import { prettyDestination } from './pretty-destination';

function prettyLogger() {
  const out: string[] = [];
  const logger = pino(
    { redact: { paths: ['password', '*.password'], remove: true } },
    prettyDestination({ colorize: false, write: (text) => out.push(text) }),
  );
  return { out, logger };
}

describe(prettyDestination.name, () => {
  it('should write one line per entry: time, level, context and message, no pid or hostname', () => {
    const { out, logger } = prettyLogger();
    logger.info({ context: 'Hardware' }, 'Rover link up on sim');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: \[Hardware\] Rover link up on sim\n$/);
  });

  it('should write the request log as one readable line that still says `request completed`', () => {
    const { out, logger } = prettyLogger();
    logger.warn(
      {
        reqId: 'abc',
        req: { method: 'GET', url: '/api/auth/me', remoteAddress: '127.0.0.1' },
        res: { statusCode: 401 },
        responseTime: 3.5,
      },
      'request completed',
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      /^\[[\d:]{8}\] WARN: request completed GET \/api\/auth\/me 401 3\.5 ms \{"reqId":"abc"\}\n$/,
    );
  });

  it('should print what the redaction left, so a password never reaches the terminal either', () => {
    const { out, logger } = prettyLogger();
    logger.info({ body: { username: 'admin', password: 'hunter2-secret' } }, 'login');
    expect(out.join('')).not.toContain('hunter2-secret');
    expect(out.join('')).toContain('"username":"admin"');
  });
});
