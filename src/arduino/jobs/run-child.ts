import { spawn } from 'node:child_process';

export interface ChildRun {
  /** The program, then its arguments: never a shell command line. */
  argv: readonly string[];
  cwd: string;
  timeoutMs: number;
  /** Output kept per stream; the rest is counted and dropped. */
  maxOutputBytes?: number;
  env?: NodeJS.ProcessEnv;
  /** Each line of stdout as it comes (progress). */
  onStdoutLine?: (line: string) => void;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

const DEFAULT_MAX_OUTPUT = 1024 * 1024;

/** What a toolchain process may see of the service's environment: no secrets, a plain PATH. */
export function childEnvironment(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
  };
}

/**
 * Runs one toolchain process in its own process group, without a shell. Past `timeoutMs` the
 * whole group is killed (the compiler's children too: arduino-builder runs avr-gcc, which runs
 * cc1plus), so nothing outlives the job.
 */
export function runChild(run: ChildRun): Promise<ChildResult> {
  const started = Date.now();
  const max = run.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve, reject) => {
    const child = spawn(run.argv[0], run.argv.slice(1), {
      cwd: run.cwd,
      env: run.env ?? childEnvironment(),
      shell: false,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = collector(max, run.onStdoutLine);
    const err = collector(max);
    child.stdout.on('data', (chunk: Buffer) => out.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.add(chunk));
    let timedOut = false;
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, run.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      // The leader is gone; a child it left behind in the group must not outlive the job either.
      killGroup();
      resolve({
        code,
        signal,
        stdout: out.text(),
        stderr: err.text(),
        timedOut,
        durationMs: Date.now() - started,
      });
    });
  });
}

function collector(max: number, onLine?: (line: string) => void) {
  const chunks: Buffer[] = [];
  let kept = 0;
  let dropped = 0;
  let partial = '';
  return {
    add(chunk: Buffer): void {
      if (onLine) {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      }
      const room = max - kept;
      if (room <= 0) {
        dropped += chunk.length;
        return;
      }
      chunks.push(room >= chunk.length ? chunk : chunk.subarray(0, room));
      kept += Math.min(room, chunk.length);
      dropped += Math.max(0, chunk.length - room);
    },
    text(): string {
      const text = Buffer.concat(chunks).toString('utf8');
      return dropped > 0 ? `${text}\n[${dropped} more bytes of output dropped]` : text;
    },
  };
}
