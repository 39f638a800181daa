/** A small HTTP client on a keep-alive agent, what a control console holds open. */
import { type Agent, request as httpRequest } from 'node:http';
import { sleep } from './measure';

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

export function call(
  agent: Agent,
  baseUrl: string,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  token?: string,
  body?: unknown,
): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolveReply, reject) => {
    const req = httpRequest(
      `${baseUrl}${path}`,
      {
        method,
        agent,
        headers: {
          ...(payload ? { 'Content-Type': 'application/json' } : {}),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Record<string, unknown> = {};
          try {
            parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            parsed = { text };
          }
          resolveReply({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Polls the rover status until the service reports its serial link up. */
export async function waitForLinkUp(
  agent: Agent,
  baseUrl: string,
  timeoutMs: number,
  token?: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await call(agent, baseUrl, 'GET', '/api/rover/status', token);
    if (status.body.connected === true) return;
    if (Date.now() > deadline) throw new Error(`the rover link did not come up in ${timeoutMs} ms`);
    await sleep(50);
  }
}
