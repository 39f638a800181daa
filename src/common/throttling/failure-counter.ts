import type { FailureWindows } from './failure-windows';

/** Takes counted failures back; calling it again does nothing. */
export type GiveBack = () => Promise<void>;

export interface FailureLimit {
  readonly key: string;
  readonly limit: number;
}

export type FailureAdmission =
  | { readonly admitted: true; readonly giveBack: GiveBack }
  | { readonly admitted: false; readonly retryAfterSeconds: number };

/**
 * Failure windows as a limit that may span instances needs them. One step checks every key and,
 * unless one is at its limit, counts a failure against all of them: with nothing in between, so
 * that parallel attempts cannot all pass the check before any is counted. Asynchronous, so that the
 * windows can live in Redis (RedisFailureWindows) as well as in this process (FailureWindows).
 */
export interface FailureCounter {
  admit(limits: readonly FailureLimit[]): Promise<FailureAdmission>;
}

/** This process's windows, on the caller's clock; check and count are one synchronous step. */
export function localFailureCounter(windows: FailureWindows, nowMs: () => number): FailureCounter {
  return {
    admit: (limits) => {
      const now = nowMs();
      const retryAfterSeconds = Math.max(
        0,
        ...limits.map(({ key, limit }) => windows.retryAfterSeconds(key, limit, now)),
      );
      if (retryAfterSeconds > 0) return Promise.resolve({ admitted: false, retryAfterSeconds });
      const undo = limits.map(({ key }) => windows.count(key, now));
      return Promise.resolve({
        admitted: true,
        giveBack: once(() => Promise.resolve(undo.forEach((giveBack) => giveBack()))),
      });
    },
  };
}

export function once(giveBack: () => Promise<void>): GiveBack {
  let done = false;
  return () => {
    if (done) return Promise.resolve();
    done = true;
    return giveBack();
  };
}
