import { NodeEnv } from '../config/env.schema';

/** `pretty` for a person at a terminal, `json` (one object a line) for everything that collects logs. */
export type LogFormat = 'pretty' | 'json';

/** The format chosen at boot; the boot banner and the admin bootstrap write for the same reader. */
export const LOG_FORMAT = Symbol('LOG_FORMAT');

/**
 * Pretty only when both say a person is reading: development (the default NODE_ENV, so a bare
 * `bash scripts/start.sh`) and a terminal. Output piped to a file or a collector, tests and
 * production stay JSON, which is what log tooling parses.
 */
export function logFormatFor(nodeEnv: NodeEnv, stdoutIsTty: boolean): LogFormat {
  return nodeEnv === NodeEnv.Development && stdoutIsTty ? 'pretty' : 'json';
}
