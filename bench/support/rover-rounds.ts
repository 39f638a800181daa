/** Control commands and e-stops against the service, timed from the orchestrator's clock. */
import type { Agent } from 'node:http';
import type { FakeRover } from '../../test/helpers/fake-rover';
import { call, type Reply } from './http-client';
import { msSince, nowNs, sleep } from './measure';

/**
 * Sequential control commands, paced under the 10/s per-user limit by rotating users (8/s each).
 * `onReply` gets each answer with its round trip; stops after `count` or `timeoutMs`.
 */
export async function sendPacedControls(
  agent: Agent,
  baseUrl: string,
  tokens: string[],
  count: number,
  timeoutMs: number,
  onReply: (reply: Reply, roundTripMs: number) => void,
): Promise<void> {
  const perSecond = tokens.length * 8;
  const startedMs = Date.now();
  for (let i = 0; i < count && Date.now() - startedMs < timeoutMs; i++) {
    const waitMs = startedMs + (i * 1000) / perSecond - Date.now();
    if (waitMs > 0) await sleep(waitMs);
    const startNs = nowNs();
    const reply = await call(
      agent,
      baseUrl,
      'POST',
      '/api/rover/control',
      tokens[i % tokens.length],
      {
        forward: i % 2 === 0 ? 0.2 : -0.2,
        turn: 0,
        duration: 0.1,
      },
    );
    onReply(reply, msSince(startNs, nowNs()));
  }
}

export type EstopRound =
  | { outcome: 'not-resumed'; resumed: Reply }
  | { outcome: 'no-est'; error: string }
  | { outcome: 'measured'; reply: Reply; wireMs: number; httpMs: number };

/**
 * Resume, a short random pause, e-stop: the EST frame's arrival at the fake rover and the reply,
 * each timed from the request's start. `beforeEstop` runs once the resume has succeeded.
 */
export async function estopRound(
  agent: Agent,
  baseUrl: string,
  token: string,
  rover: FakeRover,
  beforeEstop?: () => Promise<void>,
): Promise<EstopRound> {
  const resumed = await call(agent, baseUrl, 'POST', '/api/rover/resume', token, {
    reason: 'benchmark round',
  });
  if (resumed.status !== 200) return { outcome: 'not-resumed', resumed };
  await beforeEstop?.();
  // Off the heartbeat's 200 ms beat, so the e-stop lands at every phase of it.
  await sleep(5 + Math.random() * 20);
  rover.clear();
  const startNs = nowNs();
  const estReceived = rover.waitForFrame('EST', 2000);
  const reply = await call(agent, baseUrl, 'POST', '/api/rover/emergency-stop', token);
  const repliedNs = nowNs();
  try {
    const est = await estReceived;
    return {
      outcome: 'measured',
      reply,
      wireMs: msSince(startNs, est.receivedAtNs),
      httpMs: msSince(startNs, repliedNs),
    };
  } catch (error) {
    return { outcome: 'no-est', error: error instanceof Error ? error.message : String(error) };
  }
}
