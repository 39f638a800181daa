/*
 * E-stop benchmark (not a test): how long from an operator's e-stop request to the EST frame's bytes
 * on the serial line, idle and while another client floods the control route; and the round trip of
 * an ordinary control command against the rover simulator. `npm run bench:estop`; see bench/README.md.
 *
 * One file, three roles (argv[2]), each in its own process so that no load generator shares the
 * measured event loops:
 *   (none)   the orchestrator: socat pty pairs, the fake rover (or the simulator CLI) on the rover end,
 *            the HTTP client that e-stops, and the clock both timestamps are read from
 *            (process.hrtime: the request's start here, the EST line's arrival at the fake rover here),
 *            and a second process that takes SQLite's write lock on the server's file for the
 *            locked-storage rows (as a backup or the sqlite3 shell would);
 *   server   the full app (test harness build, SERIAL_PORT=<pty>, the real serialport adapter) over a
 *            fresh SQLite file, request log at info to a file, as production writes it;
 *   flood    an open-loop client sending POST /api/rover/control at a fixed rate as its own operator.
 * Every loop is bounded in count and in time; everything listens on loopback only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeRover } from '../../test/helpers/fake-rover';
import { startPtyPair, type PtyPair } from '../../test/helpers/pty-pair';
import { SqliteLockHolder } from '../../test/helpers/sqlite-lock-holder';
import { call, type Reply, waitForLinkUp } from '../support/http-client';
import { sleep, type Stats, stats } from '../support/measure';
import { ROOT, spawnRole as spawnScriptRole, stopChild as stopScriptChild } from '../support/roles';
import { estopRound, sendPacedControls } from '../support/rover-rounds';

const ESTOPS = Number(process.env.BENCH_ESTOPS ?? 200);
const CONTROLS = Number(process.env.BENCH_CONTROLS ?? 200);
const FLOOD_PER_S = 200;
const TARGET_P99_MS = 10;
/** Hard caps, whatever the counts: a stuck run ends. */
const PHASE_TIMEOUT_MS = 120_000;
const FLOOD_MAX_S = 180;
const START_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------------------------
// Role: server

export interface EstopBenchServerInfo {
  baseUrl: string;
  /** Operators: [0] e-stops and resumes, [1] floods, the rest send the measured controls. */
  tokens: string[];
  databasePath: string;
}

async function runServer(): Promise<void> {
  const { loginAdmin, loginOperators, startServiceOnPty } = await import('../support/service');
  const app = await startServiceOnPty();
  const admin = await loginAdmin(app.baseUrl);
  const tokens = await loginOperators(app.baseUrl, admin, 8);
  const info: EstopBenchServerInfo = {
    baseUrl: app.baseUrl,
    tokens,
    databasePath: app.db.path ?? '',
  };
  process.send?.(info);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await app.close(); // also deletes the SQLite file
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

// ---------------------------------------------------------------------------------------------
// Role: flood

export interface FloodReport {
  sent: number;
  byStatus: Record<string, number>;
  errors: number;
  seconds: number;
}

function runFlood(): Promise<void> {
  const baseUrl = process.env.BENCH_BASE_URL ?? '';
  const token = process.env.BENCH_TOKEN ?? '';
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const byStatus: Record<string, number> = {};
  let sent = 0;
  let errors = 0;
  let inFlight = 0;
  let stopped = false;
  const startedMs = Date.now();
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    clearInterval(ticker);
    for (let i = 0; i < 100 && inFlight > 0; i++) await sleep(20);
    agent.destroy();
    const report: FloodReport = {
      sent,
      byStatus,
      errors,
      seconds: (Date.now() - startedMs) / 1000,
    };
    if (process.connected) process.send?.(report, () => process.exit(0));
    else process.exit(0);
  };
  // Open loop: the schedule is by the clock, not by replies, as a misbehaving client would send.
  const ticker = setInterval(() => {
    const elapsedS = (Date.now() - startedMs) / 1000;
    if (elapsedS > FLOOD_MAX_S) return void stop();
    const due = Math.floor(elapsedS * FLOOD_PER_S) - sent;
    for (let i = 0; i < Math.min(due, 20); i++) {
      sent++;
      inFlight++;
      call(agent, baseUrl, 'POST', '/api/rover/control', token, {
        forward: sent % 2 === 0 ? 0.1 : -0.1,
        turn: 0,
        duration: 0.2,
      }).then(
        (reply) => {
          inFlight--;
          byStatus[reply.status] = (byStatus[reply.status] ?? 0) + 1;
        },
        () => {
          inFlight--;
          errors++;
        },
      );
    }
  }, 2);
  process.on('message', (message) => {
    if (message === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.send?.('flooding');
  return Promise.resolve();
}

// ---------------------------------------------------------------------------------------------
// Role: orchestrator

function spawnRole(role: 'server' | 'flood', env: Record<string, string>, logFd?: number) {
  return spawnScriptRole(__filename, role, env, logFd);
}

function firstMessage<T>(child: ChildProcess, what: string, timeoutMs: number): Promise<T> {
  return new Promise((resolveMessage, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what}: no answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.once('message', (message) => {
      clearTimeout(timer);
      resolveMessage(message as T);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (code ${code}, signal ${signal})`));
    });
  });
}

const stopChild = (child: ChildProcess | undefined) => stopScriptChild(child, 'stop');

interface EstopRun {
  wire: number[];
  http: number[];
  unconfirmed: number;
  /** Answers that said the latch was already stored. */
  persisted: number;
  failures: string[];
}

/** While storage is locked: take the lock before the e-stop (with a write waiting on it), free it after. */
interface LockedStorage {
  holder: SqliteLockHolder;
  /** A write that queues on the lock meanwhile, as a user saving a module would. */
  write: () => Promise<Reply>;
}

/**
 * `count` rounds of resume, a short random pause, e-stop; each EST timed on the fake rover's end.
 * With `locked`, every e-stop is sent while another process holds SQLite's write lock.
 */
async function measureEstops(
  agent: Agent,
  baseUrl: string,
  token: string,
  rover: FakeRover,
  count: number,
  locked?: LockedStorage,
): Promise<EstopRun> {
  const run: EstopRun = { wire: [], http: [], unconfirmed: 0, persisted: 0, failures: [] };
  const deadline = Date.now() + PHASE_TIMEOUT_MS;
  for (let i = 0; i < count && Date.now() < deadline; i++) {
    let waitingWrite: Promise<Reply> | undefined;
    const round = await estopRound(
      agent,
      baseUrl,
      token,
      rover,
      locked
        ? async () => {
            await locked.holder.lock();
            waitingWrite = locked.write();
          }
        : undefined,
    );
    if (round.outcome === 'not-resumed') {
      run.failures.push(`resume ${round.resumed.status}`);
      continue;
    }
    if (round.outcome === 'no-est') run.failures.push(round.error);
    else {
      const { reply } = round;
      if (reply.status !== 200) run.failures.push(`e-stop ${reply.status}`);
      if (reply.body.confirmed !== true) run.unconfirmed++;
      if (reply.body.persisted === true) run.persisted++;
      run.wire.push(round.wireMs);
      run.http.push(round.httpMs);
    }
    if (locked) {
      await locked.holder.release();
      const written = await waitingWrite;
      if (written?.status !== 201) run.failures.push(`write behind the lock ${written?.status}`);
    }
  }
  return run;
}

async function measureControls(
  agent: Agent,
  baseUrl: string,
  tokens: string[],
  count: number,
): Promise<{ rtt: number[]; byStatus: Record<string, number> }> {
  const rtt: number[] = [];
  const byStatus: Record<string, number> = {};
  await sendPacedControls(agent, baseUrl, tokens, count, PHASE_TIMEOUT_MS, (reply, roundTripMs) => {
    byStatus[reply.status] = (byStatus[reply.status] ?? 0) + 1;
    if (reply.status === 200) rtt.push(roundTripMs);
  });
  return { rtt, byStatus };
}

async function startServer(serialPort: string, logPath: string) {
  const logFd = openSync(logPath, 'a');
  const child = spawnRole('server', { BENCH_SERIAL_PORT: serialPort }, logFd);
  closeSync(logFd); // the child has its own copy
  const info = await firstMessage<EstopBenchServerInfo>(child, 'bench server', START_TIMEOUT_MS);
  return { child, info };
}

/** The simulator CLI (what `npm run rover:sim -- --port <path>` runs), on the rover end. */
async function startSimulator(roverPath: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'src/simulator/cli.ts', '--port', roverPath],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  await new Promise<void>((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator not listening: ${stderr}`)), 30_000);
    child.stderr?.on('data', (text: string) => {
      stderr += text;
      if (stderr.includes('listening')) {
        clearTimeout(timer);
        resolveStart();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited (${code}): ${stderr}`));
    });
  });
  return child;
}

const f = (n: number) => n.toFixed(2);

async function orchestrate(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rmc-bench-estop-'));
  const logPath = join(dir, 'server.log');
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const lines: string[] = [];
  let pty: PtyPair | undefined;
  let rover: FakeRover | undefined;
  let server: ChildProcess | undefined;
  let flood: ChildProcess | undefined;
  let simulator: ChildProcess | undefined;
  let holder: SqliteLockHolder | undefined;
  let failed = false;
  try {
    // Phase 1: e-stop latency, fake rover in ack mode on a real pty.
    pty = await startPtyPair();
    rover = new FakeRover(pty.roverPath, { mode: 'ack' });
    await rover.open();
    const started = await startServer(pty.hostPath, logPath);
    server = started.child;
    const { baseUrl, tokens } = started.info;
    await waitForLinkUp(agent, baseUrl, 10_000);

    process.stderr.write(`idle: ${ESTOPS} e-stops\n`);
    await measureEstops(agent, baseUrl, tokens[0], rover, 20); // warm-up, discarded
    const idle = await measureEstops(agent, baseUrl, tokens[0], rover, ESTOPS);

    process.stderr.write(`flood at ${FLOOD_PER_S}/s: ${ESTOPS} e-stops\n`);
    flood = spawnRole('flood', { BENCH_BASE_URL: baseUrl, BENCH_TOKEN: tokens[1] });
    await firstMessage<string>(flood, 'flood client', START_TIMEOUT_MS);
    await sleep(1000); // let the flood reach its rate
    const loaded = await measureEstops(agent, baseUrl, tokens[0], rover, ESTOPS);
    const floodDone = firstMessage<FloodReport>(flood, 'flood report', 10_000);
    flood.send('stop');
    const floodReport = await floodDone;
    await stopChild(flood);

    process.stderr.write(`storage locked by another process: ${ESTOPS} e-stops\n`);
    holder = await SqliteLockHolder.start(started.info.databasePath);
    let written = 0;
    const lockedRun = await measureEstops(agent, baseUrl, tokens[0], rover, ESTOPS, {
      holder,
      write: () =>
        call(agent, baseUrl, 'POST', '/api/navigation', tokens[2], {
          name: `bench-locked-${written++}`,
          algorithm: 'a_star',
          maxSpeed: 1,
          goalTolerance: 0.2,
          waypoints: [],
          enabled: true,
        }),
    });
    await holder.close();
    holder = undefined;
    await call(agent, baseUrl, 'POST', '/api/rover/resume', tokens[0], { reason: 'bench done' });
    await stopChild(server);
    server = undefined;
    await rover.close();
    await pty.close();
    pty = undefined;

    // Phase 2: control round trip against the simulator CLI on a pty.
    pty = await startPtyPair();
    let against = 'the simulator CLI (src/simulator/cli.ts) on the rover end of a socat pty pair';
    try {
      simulator = await startSimulator(pty.roverPath);
    } catch (error) {
      process.stderr.write(`simulator unavailable (${String(error)}); using the fake rover\n`);
      against = 'the fake rover in ack mode (the simulator CLI did not start)';
      rover = new FakeRover(pty.roverPath, { mode: 'ack' });
      await rover.open();
    }
    const second = await startServer(pty.hostPath, logPath);
    server = second.child;
    await waitForLinkUp(agent, second.info.baseUrl, 10_000);
    process.stderr.write(`control round trip: ${CONTROLS} commands against ${against}\n`);
    await measureControls(agent, second.info.baseUrl, second.info.tokens.slice(2), 20); // warm-up
    const controls = await measureControls(
      agent,
      second.info.baseUrl,
      second.info.tokens.slice(2),
      CONTROLS,
    );

    const idleWire = stats(idle.wire);
    const loadedWire = stats(loaded.wire);
    const lockedWire = stats(lockedRun.wire);
    const row = (label: string, s: Stats) =>
      `| ${label} | ${s.n} | ${f(s.p50)} | ${f(s.p99)} | ${f(s.max)} | ${f(s.mean)} |`;
    lines.push(
      `E-stop benchmark, ${new Date().toISOString()}, node ${process.version}, ${cpus().length} CPU(s): ${cpus()[0]?.model ?? 'unknown'}`,
      '',
      '| measurement | n | p50 (ms) | p99 (ms) | max (ms) | mean (ms) |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      row('e-stop request -> EST on the pty, idle', idleWire),
      row('e-stop request -> 200, idle', stats(idle.http)),
      row(`e-stop request -> EST on the pty, control flood ${FLOOD_PER_S}/s`, loadedWire),
      row(`e-stop request -> 200, control flood ${FLOOD_PER_S}/s`, stats(loaded.http)),
      row(
        'e-stop request -> EST on the pty, SQLite write lock held by another process',
        lockedWire,
      ),
      row(
        'e-stop request -> 200, SQLite write lock held by another process',
        stats(lockedRun.http),
      ),
      row('control round trip (HTTP in -> ACK -> HTTP out)', stats(controls.rtt)),
      '',
      `flood: ${floodReport.sent} requests in ${floodReport.seconds.toFixed(1)} s, by status ${JSON.stringify(floodReport.byStatus)}, errors ${floodReport.errors}`,
      `e-stops not confirmed: idle ${idle.unconfirmed}, flood ${loaded.unconfirmed}, locked ${lockedRun.unconfirmed}; failures: idle ${idle.failures.length}, flood ${loaded.failures.length}, locked ${lockedRun.failures.length}`,
      `answered persisted:true: idle ${idle.persisted}/${idle.http.length}, locked ${lockedRun.persisted}/${lockedRun.http.length} (the latch is stored once the lock frees)`,
      `control commands against ${against}: by status ${JSON.stringify(controls.byStatus)}`,
      '',
      '| check | value | target | |',
      '| --- | ---: | ---: | --- |',
      `| p99 e-stop -> EST under the flood | ${f(loadedWire.p99)} ms | < ${TARGET_P99_MS} ms | ${loadedWire.p99 < TARGET_P99_MS ? 'met' : 'MISSED'} |`,
      `| p99 e-stop -> EST with storage locked | ${f(lockedWire.p99)} ms | < ${TARGET_P99_MS} ms (idle: ${f(idleWire.p99)} ms) | ${lockedWire.p99 < TARGET_P99_MS ? 'met' : 'MISSED'} |`,
    );
    const allFailures = [...idle.failures, ...loaded.failures, ...lockedRun.failures];
    if (allFailures.length > 0) {
      failed = true;
      lines.push('', `failures: ${allFailures.slice(0, 10).join('; ')}`);
    }
  } finally {
    await holder?.close();
    await stopChild(flood);
    await stopChild(server);
    await stopChild(simulator);
    await rover?.close();
    await pty?.close();
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (failed) process.exitCode = 1;
}

const role = process.argv[2];
const main = role === 'server' ? runServer : role === 'flood' ? runFlood : orchestrate;
main().catch((error: unknown) => {
  process.stderr.write(
    `bench:estop ${role ?? ''} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
