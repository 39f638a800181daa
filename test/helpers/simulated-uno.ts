import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { toolchainUnavailableReason } from './toolchain';
import { describeWith } from './describe-with';

/**
 * A simulated Arduino Uno (tools/simavr-uno: libsimavr running Optiboot on an ATmega328P at 16 MHz,
 * paced to real time) whose serial port is a pty, so the real `avrdude -c arduino` can flash it and
 * the flashed sketch can be read, as with a board on a USB cable.
 */
export interface SimulatedUno {
  /** The serial port to give avrdude or `serialport` (a symlink to the pty). */
  readonly port: string;
  /** The harness's pid, or undefined once it has exited. */
  readonly pid: number | undefined;
  /**
   * Presses RESET (SIGUSR1): Optiboot then listens for about a second. A pty has no DTR line, so
   * call this right before starting avrdude, where a real Uno's auto-reset would happen.
   */
  reset(): void;
  /** What the harness printed on stderr so far (its own log and libsimavr's), for diagnostics. */
  log(): string;
  /** SIGKILL, waits for the exit, removes the link and its directory. Never throws; idempotent. */
  close(): Promise<void>;
}

const BUILD_SCRIPT = resolve(__dirname, '../../tools/simavr-uno/build.sh');
const BUILD_TIMEOUT_MS = 120_000;
const READY_TIMEOUT_MS = 10_000;
const EXIT_TIMEOUT_MS = 5_000;
const MAX_LOG_CHARS = 64 * 1024;

type Build = { binary: string } | { reason: string };
let build: Build | undefined;

/** Runs build.sh once per process (it is itself a no-op when the binary is up to date). */
function buildHarness(): Build {
  if (build) return build;
  const result = spawnSync('bash', [BUILD_SCRIPT], {
    encoding: 'utf8',
    timeout: BUILD_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = (result.stderr ?? '').trim();
  if (result.error) {
    build = { reason: `tools/simavr-uno/build.sh could not run: ${result.error.message}` };
  } else if (result.status !== 0) {
    const lines = stderr.split('\n').filter((line) => line.startsWith('simavr-uno:'));
    build = {
      reason:
        `tools/simavr-uno/build.sh failed (${result.status ?? result.signal}): ` +
        (lines.length > 0 ? lines.join(' ') : stderr.slice(-2000)),
    };
  } else {
    build = { binary: result.stdout.trim().split('\n').pop() ?? '' };
  }
  return build;
}

/** Why the simulated Uno cannot run here (its harness does not build), or undefined when it can. */
export function simulatedUnoUnavailableReason(): string | undefined {
  const result = buildHarness();
  return 'reason' in result ? result.reason : undefined;
}

/**
 * `describe` for suites that flash the simulated Uno with the real toolchain (arduino-builder and
 * avrdude). Without them, or without what the harness builds with (gcc, libsimavr, gcc-avr), the
 * suite is skipped with the reason in its name and on stderr, except under CI, where that is a
 * failing test: a green CI run must have exercised it.
 */
export function describeWithSimulatedUno(name: string, suite: () => void): void {
  describeWith(
    'the simulated Uno and the Arduino toolchain',
    toolchainUnavailableReason() ?? simulatedUnoUnavailableReason(),
    name,
    suite,
  );
}

export interface SimulatedUnoOptions {
  /**
   * Reset whenever a client opens the port, as a real Uno's DTR auto-reset does: then avrdude
   * finds the bootloader by itself, and a sketch restarts for each new client.
   */
  resetOnOpen?: boolean;
}

/** Builds the harness (once per process), starts it and resolves once its pty is there. */
export async function startSimulatedUno(options: SimulatedUnoOptions = {}): Promise<SimulatedUno> {
  const built = buildHarness();
  if ('reason' in built) throw new Error(`simulated Uno unavailable: ${built.reason}`);

  const dir = mkdtempSync(join(tmpdir(), 'rmc-uno-'));
  const port = join(dir, 'port');
  const argv = ['--pty', port, ...(options.resetOnOpen ? ['--reset-on-open'] : [])];
  const child: ChildProcess = spawn(built.binary, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr = (stderr + text).slice(-MAX_LOG_CHARS);
  });
  const exited = new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });

  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await settlesWithin(exited, EXIT_TIMEOUT_MS);
      }
      // SIGKILL gives the harness no chance to remove its link; a dangling one could later
      // point at a pts number another process was given.
      removeDir();
    })());

  try {
    await waitForReady(child, () => stderr);
  } catch (error) {
    await close();
    throw error;
  }

  return {
    port,
    get pid() {
      return child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    reset: () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`simulated Uno has exited (${child.exitCode ?? child.signalCode})`);
      }
      child.kill('SIGUSR1');
    },
    log: () => stderr,
    close,
  };
}

/** Resolves on the harness's `READY <path>` line; rejects on its early exit or after a timeout. */
function waitForReady(child: ChildProcess, log: () => string): Promise<void> {
  return new Promise<void>((resolveReady, reject) => {
    let stdout = '';
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      if (error) reject(error);
      else resolveReady();
    };
    const onData = (text: string): void => {
      stdout += text;
      if (/^READY \S/m.test(stdout)) finish();
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      finish(new Error(`simulated Uno exited before READY (${code ?? signal}): ${log().trim()}`));
    const onError = (error: Error): void =>
      finish(new Error(`simulated Uno did not start: ${error.message}`));
    const timer = setTimeout(
      () =>
        finish(new Error(`simulated Uno not READY within ${READY_TIMEOUT_MS} ms: ${log().trim()}`)),
      READY_TIMEOUT_MS,
    );
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

/** True when `promise` settled within `ms`; the timer is cleared either way (no handle left behind). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((done) => (timer = setTimeout(() => done(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
