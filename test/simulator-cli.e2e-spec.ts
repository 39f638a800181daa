import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SerialPort } from 'serialport';
import { checksum, decodeRoverLine, encodeHostCommand } from '../src/hardware/protocol/codec';
import {
  type Frame,
  type HostCommand,
  type RoverMessage,
  TelemetryFlag,
  type TelemetryReading,
} from '../src/hardware/protocol/frames';
import { LineSplitter } from '../src/hardware/protocol/line-splitter';

/*
 * The standalone simulator (`npm run rover:sim`) over a real pseudo-terminal pair made by socat,
 * talked to through the `serialport` package exactly as the service talks to a USB rover.
 */

const REPO_ROOT = resolve(__dirname, '..');
const isCi = ['true', '1', 'yes'].includes(process.env.CI ?? '');
const hasSocat = !spawnSync('socat', ['-V'], { stdio: 'ignore' }).error;

interface RunningProcess {
  child: ChildProcess;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(command: string, args: string[]): RunningProcess {
  const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (code, signal) => done({ code, signal }));
    child.once('error', () => done({ code: null, signal: null }));
  });
  return { child, stderr: () => stderr, exit };
}

const runCli = (args: string[]): RunningProcess =>
  run(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/simulator/cli.ts', ...args]);

async function waitFor(what: string, ready: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

async function stopProcess(proc: RunningProcess | undefined): Promise<void> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const killer = setTimeout(() => proc.child.kill('SIGKILL'), 3000);
  await proc.exit;
  clearTimeout(killer);
}

describe('rover-sim CLI arguments and errors', () => {
  it('should print usage and exit 2 on an unknown flag', async () => {
    const cli = runCli(['--port', '/tmp/nowhere', '--speed', '9']);
    expect((await cli.exit).code).toBe(2);
    expect(cli.stderr()).toMatch(/--speed/);
    expect(cli.stderr()).toMatch(/usage: rover-sim --port <path>/);
  });

  it('should exit 1 with a clear message when the port cannot be opened', async () => {
    const missing = join(tmpdir(), `rover-sim-missing-${process.pid}`, 'ttyS9');
    const cli = runCli(['--port', missing]);
    expect((await cli.exit).code).toBe(1);
    expect(cli.stderr()).toContain(`rover-sim: cannot open ${missing}`);
  });
});

if (!hasSocat && !isCi) {
  console.warn(
    'simulator-cli e2e: socat is not installed; skipping the pty tests (apt-get install socat)',
  );
}
const describeWithPty = hasSocat || isCi ? describe : describe.skip;

describeWithPty('rover-sim CLI over a socat pty pair', () => {
  let workDir: string;
  let socat: RunningProcess | undefined;
  let cli: RunningProcess | undefined;
  let host: SerialPort | undefined;
  let keepDriving: NodeJS.Timeout | undefined;
  let nextHostSeq = 1;
  const frames: Array<Frame<RoverMessage> & { at: number }> = [];
  const undecodable: string[] = [];
  const splitter = new LineSplitter(
    (line) => {
      const decoded = decodeRoverLine(line);
      if (decoded.ok) frames.push({ ...decoded.frame, at: Date.now() });
      else undecodable.push(line);
    },
    () => undecodable.push('<overlong>'),
  );

  const write = (line: string): Promise<void> =>
    new Promise((done, fail) => {
      if (!host) return fail(new Error('host port is not open'));
      host.write(line, (error) => (error ? fail(error) : host?.drain(() => done())));
    });
  const send = async (command: HostCommand): Promise<number> => {
    const seq = nextHostSeq++;
    await write(encodeHostCommand(seq, command));
    return seq;
  };
  const replyTo = (hostSeq: number) =>
    frames.find(
      ({ payload }) =>
        (payload.type === 'ACK' || payload.type === 'NAK') && payload.hostSeq === hostSeq,
    )?.payload;
  const telemetrySince = (at: number): TelemetryReading[] =>
    frames.flatMap((f) => (f.payload.type === 'TEL' && f.at >= at ? [f.payload.telemetry] : []));

  beforeAll(async () => {
    if (!hasSocat) throw new Error('socat is required under CI=true for the pty e2e tests');
    workDir = mkdtempSync(join(tmpdir(), 'rover-sim-e2e-'));
    const hostPath = join(workDir, 'host');
    const roverPath = join(workDir, 'rover');
    socat = run('socat', [
      '-d',
      '-d',
      `pty,raw,echo=0,link=${hostPath}`,
      `pty,raw,echo=0,link=${roverPath}`,
    ]);
    await waitFor(
      'socat to create both pty links',
      () => existsSync(hostPath) && existsSync(roverPath),
    );
    // The host end is open before the rover starts, so HEL cannot be lost to an unread pty.
    host = new SerialPort({ path: hostPath, baudRate: 115200, autoOpen: false });
    await new Promise<void>((done, fail) => host?.open((error) => (error ? fail(error) : done())));
    host.on('data', (chunk: Buffer) => splitter.push(chunk));
    // Once the rover side goes away socat may close the pair; that is not what these tests check.
    host.on('error', () => undefined);
    cli = runCli(['--port', roverPath, '--telemetry-hz', '10']);
    await waitFor('the simulator to report ready', () =>
      cli!.stderr().includes(`rover-sim listening on ${roverPath}`),
    );
  }, 30_000);

  afterAll(async () => {
    clearInterval(keepDriving);
    if (host?.isOpen) await new Promise<void>((done) => host?.close(() => done()));
    await stopProcess(cli);
    await stopProcess(socat);
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('should announce itself with HEL as its first frame', async () => {
    await waitFor('HEL', () => frames.length > 0);
    expect(frames[0]).toMatchObject({
      seq: 0,
      payload: { type: 'HEL', protocolVersion: 1, firmware: 'sim-1.0' },
    });
  });

  it('should acknowledge HBT and MOV by their sequence numbers', async () => {
    const hbt = await send({ type: 'HBT' });
    const mov = await send({ type: 'MOV', forward: 0.5, turn: 0, durationMs: 0 });
    // Like a host holding the stick: re-sending the drive keeps the firmware deadman (500 ms) from
    // stopping the rover while the next test watches it, even if this process stalls for a moment.
    keepDriving = setInterval(() => {
      send({ type: 'MOV', forward: 0.5, turn: 0, durationMs: 0 }).catch(() => undefined);
    }, 150);
    await waitFor('both ACKs', () => replyTo(hbt) !== undefined && replyTo(mov) !== undefined);
    expect(replyTo(hbt)).toEqual({ type: 'ACK', hostSeq: hbt });
    expect(replyTo(mov)).toEqual({ type: 'ACK', hostSeq: mov });
  });

  it('should stream TEL lines with a changing position while driving', async () => {
    const since = Date.now();
    await waitFor('a second of telemetry', () => telemetrySince(since).length >= 8, 5000);
    const readings = telemetrySince(since);
    const xs = readings.map((t) => t.position.x);
    expect(xs.at(-1)! - xs[0]).toBeGreaterThan(0.15);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThanOrEqual(xs[i - 1]);
    expect(readings.some((t) => (t.flags & TelemetryFlag.Moving) !== 0)).toBe(true);
    expect(readings.at(-1)!.obstacleDistance).toBeLessThan(3);
  });

  it('should not answer a frame with a bad checksum, and flag the drop in telemetry', async () => {
    clearInterval(keepDriving);
    const badSeq = nextHostSeq++;
    const body = `HBT,${badSeq}`;
    const wrong = (parseInt(checksum(body), 16) ^ 0x01).toString(16).toUpperCase().padStart(2, '0');
    const sentAt = Date.now();
    await write(`$${body}*${wrong}\n`);
    const probe = await send({ type: 'STP' });
    await waitFor('the ACK of the frame after it', () => replyTo(probe) !== undefined);
    await waitFor('a TEL after the bad line', () => telemetrySince(sentAt).length >= 2, 3000);
    expect(replyTo(badSeq)).toBeUndefined();
    const flagged = telemetrySince(sentAt).some(
      (t) => (t.flags & TelemetryFlag.FramesDropped) !== 0,
    );
    expect(flagged).toBe(true);
  });

  it('should send only well-formed frames with consecutive sequence numbers', () => {
    expect(undecodable).toEqual([]);
    frames.forEach((frame, i) => expect(frame.seq).toBe(i));
  });

  it('should exit 0 on SIGTERM', async () => {
    cli!.child.kill('SIGTERM');
    expect(await cli!.exit).toEqual({ code: 0, signal: null });
  });
});
