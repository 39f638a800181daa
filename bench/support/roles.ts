/**
 * A benchmark is one file run in several roles, each in its own process, so that no load generator
 * shares a measured event loop. These start a role and stop it.
 */
import { type ChildProcess, type Serializable, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

/** Runs `script` again as `role` (argv[2]), with IPC; stdout to `logFd`, if given. */
export function spawnRole(
  script: string,
  role: string,
  env: Record<string, string>,
  logFd?: number,
): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register', script, role], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TS_NODE_TRANSPILE_ONLY: 'true', ...env },
    stdio: ['ignore', logFd ?? 'ignore', 'inherit', 'ipc'],
  });
}

/** Asks the role to stop with `stopMessage` (SIGTERM once IPC is gone); SIGKILL after 5 s. */
export async function stopChild(
  child: ChildProcess | undefined,
  stopMessage: Serializable,
): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  if (child.connected) child.send(stopMessage);
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
