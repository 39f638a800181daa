import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const START_TIMEOUT_MS = 5000;
const STOP_TIMEOUT_MS = 2000;
const POLL_MS = 10;

export interface PtyPair {
  /** The end the service opens (`SERIAL_PORT`). */
  readonly hostPath: string;
  /** The end the fake rover (or the simulator) opens. */
  readonly roverPath: string;
  readonly dir: string;
  /** The socat pid, or undefined while it is not running. */
  readonly pid: number | undefined;
  /**
   * "Unplugs" the cable: SIGKILL to socat, so both ends see the far side vanish, and the links are
   * removed, as a USB device node disappears. Resolves once socat is gone.
   */
  kill(): Promise<void>;
  /**
   * Plugs it back in, on the same link paths. `beforeHostAppears` runs once the rover end exists and
   * before the host link is published (an atomic rename), so the rover is already listening when the
   * service can first open its end, as a powered rover is when a cable is plugged in.
   */
  restart(beforeHostAppears?: () => Promise<void>): Promise<void>;
  /** Stops socat (SIGTERM, then SIGKILL) and removes the directory. Never throws. */
  close(): Promise<void>;
}

/**
 * Two linked pseudo-terminals through socat: `<dir>/host` and `<dir>/rover`. Real ptys, so the
 * service's real `serialport` adapter is what is under test.
 */
export async function startPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'rmc-pty-'));
  const hostPath = join(dir, 'host');
  const roverPath = join(dir, 'rover');
  const pendingHostPath = join(dir, 'host.pending');
  let child: ChildProcess | undefined;

  const removeLinks = (): void => {
    for (const path of [hostPath, roverPath, pendingHostPath]) rmSync(path, { force: true });
  };

  const spawnSocat = async (hook?: () => Promise<void>): Promise<void> => {
    removeLinks();
    const proc = spawn(
      'socat',
      ['-d', '-d', `pty,raw,echo=0,link=${pendingHostPath}`, `pty,raw,echo=0,link=${roverPath}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child = proc;
    let stderr = '';
    let ready = false;
    let failure: Error | undefined;
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (text: string) => {
      stderr += text;
      if (stderr.includes('starting data transfer loop')) ready = true;
    });
    proc.once('error', (error: NodeJS.ErrnoException) => {
      failure =
        error.code === 'ENOENT'
          ? new Error(
              'socat is not installed (needed for the rover e2e tests: real ptys). ' +
                'Install it, e.g. `apt-get install socat`.',
            )
          : error;
    });
    proc.once('exit', (code, signal) => {
      if (!ready) failure ??= new Error(`socat exited early (${code ?? signal}): ${stderr.trim()}`);
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(ready && existsSync(pendingHostPath) && existsSync(roverPath))) {
      if (failure) {
        child = undefined;
        throw failure;
      }
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        child = undefined;
        throw new Error(
          `socat did not create ${pendingHostPath} and ${roverPath} within ${START_TIMEOUT_MS} ms: ${stderr.trim()}`,
        );
      }
      await sleep(POLL_MS);
    }
    if (hook) await hook();
    renameSync(pendingHostPath, hostPath);
  };

  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    child = undefined;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill(signal);
      if (!(await settlesWithin(exited, STOP_TIMEOUT_MS))) {
        proc.kill('SIGKILL');
        await settlesWithin(exited, STOP_TIMEOUT_MS);
      }
    }
    // A dangling link could later point at a pts number another test's socat was given.
    removeLinks();
  };

  try {
    await spawnSocat();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    hostPath,
    roverPath,
    dir,
    get pid() {
      return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    kill: () => stop('SIGKILL'),
    restart: async (hook) => {
      await stop('SIGKILL');
      await spawnSocat(hook);
    },
    close: async () => {
      try {
        await stop('SIGTERM');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** True when `promise` settled within `ms`; the timer is cleared either way (no handle left behind). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
