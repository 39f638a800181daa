import type { NextFunction, Request, Response } from 'express';

/**
 * Sets X-Process-Time (ms) at the moment the headers go out: that is the last point a header can
 * still be added, and it covers everything up to the first byte of the body.
 */
export function processTimeMiddleware(_req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
  res.writeHead = ((...args: unknown[]) => {
    if (!res.headersSent) {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      res.setHeader('X-Process-Time', ms.toFixed(3));
    }
    return writeHead(...args);
  }) as Response['writeHead'];
  next();
}
