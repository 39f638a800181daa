/*
 * Arduino benchmark (not a test): what the Arduino routes cost through the service's real HTTP API
 * and the /serial socket, with the real toolchain (Debian's arduino-builder and avrdude) and the
 * simulated Uno (tools/simavr-uno, reset on every open of its port like a real Uno's DTR).
 * `npm run bench:arduino`; see bench/README.md.
 *
 *   1. POST /api/arduino/compile, Blink and firmware/rover/rover.ino: cold (a fresh ARDUINO_WORK_DIR,
 *      so an empty `<work>/core-cache`, and a fresh app, for every sample) and warm (the cache
 *      filled: the same sketch again, and a changed one each time). The HTTP round trip and the
 *      reply's `compile_time` (the toolchain process alone).
 *   2. GET /api/arduino/ports, and POST /api/arduino/upload of each sketch onto the simulated Uno:
 *      the round trip and `upload_time`.
 *   3. The /serial monitor: a sketch that writes 64-byte ASCII records (an 8-digit hex counter, a
 *      fixed pattern) as fast as Serial.write lets it at 115200 baud. Read first straight from the
 *      pty (serialport, no service: what the board sends), then by a socket.io-client in this
 *      process, each for BENCH_ARDUINO_MONITOR_S: bytes/s against the line's limit, the `dropped`
 *      counts, records lost or garbled (by the counter), and each `data` event's `timestamp` against
 *      its receipt here. Then again with a client that stops reading (its TCP socket paused) for
 *      BENCH_ARDUINO_STALL_S in the middle.
 *
 * One file, two roles (argv[2]), each its own process, so the client never shares the measured
 * event loop:
 *   (none)   the orchestrator: the HTTP client (keep-alive, one socket), the socket.io client, the
 *            simulated Uno (a child of this process), and the clock every sample is read from;
 *   server   the full app as the e2e harness builds it (test/helpers/create-test-app.ts) over a fresh
 *            SQLite file, NODE_ENV=production, request log at info to a temp file, THROTTLE_LIMIT
 *            high, ARDUINO_WORK_DIR as the orchestrator gives it, the simulated Uno's port in
 *            ARDUINO_EXTRA_PORTS; it signs in an operator (scope arduino:upload) and reports
 *            { baseUrl, token } over IPC.
 * Env: BENCH_ARDUINO_COLD (3 a sketch), BENCH_ARDUINO_WARM (10 a row), BENCH_ARDUINO_UPLOADS (5 a
 * sketch), BENCH_ARDUINO_MONITOR_S (10), BENCH_ARDUINO_STALL_S (8; 0 skips the stalled client).
 * Every loop is bounded in count and in time; everything listens on loopback only.
 */
import type { ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { simulatedUnoUnavailableReason, startSimulatedUno } from '../../test/helpers/simulated-uno';
import type { SimulatedUno } from '../../test/helpers/simulated-uno';
import { toolchainUnavailableReason } from '../../test/helpers/toolchain';
import { call } from '../support/http-client';
import { msSince, nowNs, sleep, stats } from '../support/measure';
import { ROOT, spawnRole, stopChild } from '../support/roles';

const COLD_RUNS = Number(process.env.BENCH_ARDUINO_COLD ?? 3);
const WARM_RUNS = Number(process.env.BENCH_ARDUINO_WARM ?? 10);
const UPLOADS = Number(process.env.BENCH_ARDUINO_UPLOADS ?? 5);
const PORT_LISTINGS = 20;
const MONITOR_S = Number(process.env.BENCH_ARDUINO_MONITOR_S ?? 10);
const STALL_S = Number(process.env.BENCH_ARDUINO_STALL_S ?? 8);
/** The stalled run: this long read normally before the stall, this long after it. */
const STALL_BEFORE_S = 3;
const STALL_AFTER_S = 6;
/** An upload that gets a 502 (avrdude missed the bootloader on a busy machine) is tried again, this often. */
const UPLOAD_RETRIES = 2;
/** 115200 baud, 8N1: 10 bits a byte. */
const LINE_BYTES_PER_S = 115200 / 10;
/**
 * What an ATmega328P at 16 MHz really sends at "115200": UBRR = 16 with U2X (HardwareSerial's
 * choice), 16e6 / (8 x 17) = 117,647 baud, 2.1 % fast.
 */
const UNO_BYTES_PER_S = 16e6 / (8 * 17) / 10;
/**
 * What the simulated Uno sends: libsimavr 1.6's UART counts a parity bit whether or not parity is
 * on (avr_uart.c: `word_size = 1 + db + 1 + sb`), so 8N1 takes 11 bit times: 117,647 / 11 a second.
 */
const SIM_BYTES_PER_S = 16e6 / (8 * 17) / 11;

/** Hard caps, whatever the counts: a stuck run ends. */
const START_TIMEOUT_MS = 120_000;
const COMPILE_CLIENT_TIMEOUT_MS = 150_000; // the service's own compile timeout is 120 s
const UPLOAD_CLIENT_TIMEOUT_MS = 90_000; // ... and its upload timeout 60 s
const WARM_BUDGET_MS = 120_000;
const UPLOAD_BUDGET_MS = 120_000;
const SKETCH_START_TIMEOUT_MS = 10_000;
/** After a first record 0, how long a second one (the reset's, after stale data) may take. */
const SETTLE_MS = 2000;
const WHOLE_RUN_TIMEOUT_MS = 10 * 60_000;

const BLINK = (ms: number): string => `void setup() { pinMode(LED_BUILTIN, OUTPUT); }
void loop() {
  digitalWrite(LED_BUILTIN, HIGH);
  delay(${ms});
  digitalWrite(LED_BUILTIN, LOW);
  delay(${ms});
}
`;
const FIRMWARE = readFileSync(join(ROOT, 'firmware/rover/rover.ino'), 'utf8');
/** A changed firmware: one more global, so the source (not only a comment) differs each time. */
const FIRMWARE_CHANGED = (variant: number): string =>
  `${FIRMWARE}\nvolatile uint8_t benchVariant = ${variant % 256};\n`;

const PATTERN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01';
const RECORD_BYTES = 64; // 8 hex digits, ':', the 54-character pattern, '\n'
/** Writes records as fast as the UART takes them: Serial.write blocks on its 64-byte TX buffer. */
const FLOOD = `// bench/arduino: 64-byte records at the line rate
static const char kPattern[] = "${PATTERN}";
static uint8_t record[${RECORD_BYTES}];
static uint32_t counter = 0;
void setup() {
  Serial.begin(115200);
  record[8] = ':';
  memcpy(record + 9, kPattern, ${PATTERN.length});
  record[${RECORD_BYTES - 1}] = '\\n';
}
void loop() {
  uint32_t v = counter++;
  for (int8_t i = 7; i >= 0; i--) {
    record[i] = "0123456789abcdef"[v & 15];
    v >>= 4;
  }
  Serial.write(record, ${RECORD_BYTES});
}
`;
const RECORD_LINE = new RegExp(`([0-9a-f]{8}):${PATTERN}$`);

// ---------------------------------------------------------------------------------------------
// Role: server

export interface ArduinoBenchServerInfo {
  baseUrl: string;
  token: string;
}

async function runServer(): Promise<void> {
  const { createTestApp } = await import('../../test/helpers/create-test-app');
  const { createUserAndLogin, loginAdmin } = await import('../../test/helpers/auth');
  const workDir = process.env.BENCH_ARDUINO_WORK_DIR;
  if (!workDir) throw new Error('BENCH_ARDUINO_WORK_DIR is not set');
  const port = process.env.BENCH_ARDUINO_PORT;
  const app = await createTestApp({
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      THROTTLE_LIMIT: '1000000', // the per-user default budget is not what this measures
      ARDUINO_WORK_DIR: workDir,
      ...(port ? { ARDUINO_EXTRA_PORTS: port } : {}),
    },
  });
  const operator = await createUserAndLogin(app.baseUrl, await loginAdmin(app.baseUrl), 'operator');
  const info: ArduinoBenchServerInfo = { baseUrl: app.baseUrl, token: operator.accessToken };
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
// Role: orchestrator

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/**
 * POST with a JSON body on the keep-alive agent. Not bench/support/http-client.ts's `call`: its
 * 10 s idle timeout is shorter than a cold compile may take on a loaded machine.
 */
function post(
  agent: Agent,
  baseUrl: string,
  path: string,
  token: string,
  body: unknown,
  timeoutMs: number,
): Promise<Reply> {
  const payload = JSON.stringify(body);
  return new Promise((resolveReply, reject) => {
    const req = httpRequest(
      `${baseUrl}${path}`,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
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
    const timer = setTimeout(
      () => req.destroy(new Error(`POST ${path}: no answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(payload);
  });
}

function firstMessage<T>(child: ChildProcess, what: string, timeoutMs: number): Promise<T> {
  return new Promise((resolveMessage, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what}: no answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onExit = (code: number | null, signal: string | null): void => {
      clearTimeout(timer);
      reject(new Error(`${what}: exited (code ${code}, signal ${signal})`));
    };
    child.once('exit', onExit);
    child.once('message', (message: T) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      resolveMessage(message);
    });
  });
}

const progress = (line: string): boolean => process.stderr.write(`bench:arduino: ${line}\n`);
const fixed = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** One timed request: the round trip here and the tool's own time from the reply, both in s. */
interface Sample {
  httpS: number;
  toolS: number;
}

interface Row {
  label: string;
  samples: Sample[];
  /** Attempts that did not succeed (not in the samples), e.g. `502 after 6.1 s`. */
  failures: string[];
}

interface Compiled {
  id: string;
  programBytes: number | null;
  dataBytes: number | null;
}

class Run {
  readonly rows: Row[] = [];
  readonly notes: string[] = [];
  failed = false;

  constructor(
    readonly agent: Agent,
    readonly logPath: string,
    readonly dir: string,
  ) {}

  row(label: string): Row {
    let row = this.rows.find((r) => r.label === label);
    if (!row) {
      row = { label, samples: [], failures: [] };
      this.rows.push(row);
    }
    return row;
  }

  async startServer(workDir: string, port?: string) {
    const logFd = openSync(this.logPath, 'a');
    const child = spawnRole(
      __filename,
      'server',
      {
        HOME: process.env.HOME ?? '/tmp', // the toolchain's children see it, as in production
        BENCH_ARDUINO_WORK_DIR: workDir,
        ...(port ? { BENCH_ARDUINO_PORT: port } : {}),
      },
      logFd,
    );
    closeSync(logFd); // the child has its own copy
    const info = await firstMessage<ArduinoBenchServerInfo>(child, 'server', START_TIMEOUT_MS);
    return { child, info };
  }

  /** One compile; on success its sample goes to `row` (if given) and the compilation is returned. */
  async compile(info: ArduinoBenchServerInfo, code: string, row?: Row): Promise<Compiled> {
    const started = nowNs();
    const reply = await post(
      this.agent,
      info.baseUrl,
      '/api/arduino/compile',
      info.token,
      { code },
      COMPILE_CLIENT_TIMEOUT_MS,
    );
    const httpS = msSince(started, nowNs()) / 1000;
    if (reply.status !== 200) {
      row?.failures.push(String(reply.status));
      this.failed = true;
      throw new Error(`compile: ${reply.status} ${JSON.stringify(reply.body).slice(0, 2000)}`);
    }
    row?.samples.push({ httpS, toolS: Number(reply.body.compile_time) });
    const sizes = reply.body.sizes as { programBytes?: number; dataBytes?: number } | null;
    return {
      id: String(reply.body.compilation_id),
      programBytes: sizes?.programBytes ?? null,
      dataBytes: sizes?.dataBytes ?? null,
    };
  }

  /** One upload, tried again on a 502 (UPLOAD_RETRIES times); the successful attempt is the sample. */
  async upload(info: ArduinoBenchServerInfo, uno: SimulatedUno, id: string, row?: Row) {
    const failures: string[] = [];
    for (let attempt = 0; attempt <= UPLOAD_RETRIES; attempt++) {
      const started = nowNs();
      const reply = await post(
        this.agent,
        info.baseUrl,
        '/api/arduino/upload',
        info.token,
        { compilation_id: id, port: uno.port },
        UPLOAD_CLIENT_TIMEOUT_MS,
      );
      const httpS = msSince(started, nowNs()) / 1000;
      if (reply.status === 200) {
        row?.samples.push({ httpS, toolS: Number(reply.body.upload_time) });
        return reply;
      }
      const failure = `${reply.status} after ${fixed(httpS, 1)} s`;
      failures.push(failure);
      row?.failures.push(failure);
      if (reply.status !== 502) break;
    }
    this.failed = true;
    throw new Error(
      `upload of ${id} failed (${failures.join(', ')}); the board's log: ${uno.log().slice(-500)}`,
    );
  }
}

/** Cold: each sample in a fresh work dir (an empty core cache) and a fresh app. */
async function coldCompiles(run: Run): Promise<void> {
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const [label, code] of [
      ['Blink', BLINK(1000)],
      ['rover firmware', FIRMWARE],
    ] as const) {
      progress(`cold compile ${i + 1}/${COLD_RUNS}: ${label}`);
      const workDir = mkdtempSync(join(run.dir, 'work-'));
      let child: ChildProcess | undefined;
      try {
        const started = await run.startServer(workDir);
        child = started.child;
        await run.compile(started.info, code, run.row(`compile ${label}, cold`));
      } finally {
        await stopChild(child, 'stop');
      }
      rmSync(workDir, { recursive: true, force: true });
    }
  }
}

/** Warm: the core cache filled; the same sketch, and a changed one, interleaved. */
async function warmCompiles(run: Run, info: ArduinoBenchServerInfo): Promise<void> {
  const deadline = Date.now() + WARM_BUDGET_MS;
  for (let i = 0; i < WARM_RUNS && (i === 0 || Date.now() < deadline); i++) {
    progress(`warm compiles ${i + 1}/${WARM_RUNS}`);
    await run.compile(info, BLINK(1000), run.row('compile Blink, warm, same sketch'));
    await run.compile(info, BLINK(1001 + i), run.row('compile Blink, warm, changed sketch'));
    await run.compile(info, FIRMWARE, run.row('compile rover firmware, warm, same sketch'));
    await run.compile(
      info,
      FIRMWARE_CHANGED(i + 1),
      run.row('compile rover firmware, warm, changed sketch'),
    );
  }
}

/** GET /api/arduino/ports (public), which uploads and the monitor's open also run. */
async function portListings(run: Run, info: ArduinoBenchServerInfo): Promise<void> {
  const row = run.row('GET /api/arduino/ports (tool: -)');
  for (let i = 0; i < PORT_LISTINGS; i++) {
    const started = nowNs();
    const reply = await call(run.agent, info.baseUrl, 'GET', '/api/arduino/ports');
    const httpS = msSince(started, nowNs()) / 1000;
    if (reply.status === 200) row.samples.push({ httpS, toolS: NaN });
    else row.failures.push(String(reply.status));
  }
}

async function uploads(
  run: Run,
  info: ArduinoBenchServerInfo,
  uno: SimulatedUno,
  blink: Compiled,
  firmware: Compiled,
): Promise<void> {
  const deadline = Date.now() + UPLOAD_BUDGET_MS;
  for (let i = 0; i < UPLOADS && (i === 0 || Date.now() < deadline); i++) {
    progress(`uploads ${i + 1}/${UPLOADS}`);
    await run.upload(info, uno, blink.id, run.row(`upload Blink (${blink.programBytes} B)`));
    await run.upload(
      info,
      uno,
      firmware.id,
      run.row(`upload rover firmware (${firmware.programBytes} B)`),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The monitor

interface DataMessage {
  type: 'data';
  timestamp: string;
  data: string;
  dropped: number;
}
interface StatusMessage {
  type: string;
  port: string;
  reason: string | null;
}

/** engine.io-client's websocket transport holds a `ws` WebSocket, which can stop reading its socket. */
interface PausableTransport {
  ws?: { pause(): void; resume(): void };
}

interface MonitorEvent {
  receivedMs: number;
  /** `timestamp` to receipt; NaN when reading the port directly. */
  latencyMs: number;
  bytes: number;
  dropped: number;
}

/** What one reader received: its events, and the records parsed out of them, in order. */
class Reception {
  readonly events: MonitorEvent[] = [];
  /** Counters of the complete, well-formed records, in order of arrival. */
  readonly counters: number[] = [];
  /**
   * For each line that was not exactly one well-formed record (garbled, or cut by a loss), the
   * number of records before it; those up to `startRecord` came before the sketch's start.
   */
  readonly malformedAt: number[] = [];
  /** Characters before record 0 on its line: what was in flight when the open reset the board. */
  startPrefix = 0;
  /**
   * Index into `events` of the event that brought the latest record 0, and into `counters` of that
   * record: the sketch's start after the open's reset. An earlier record 0 would be the stale head
   * of the pty's buffer (what the sketch wrote while nobody read), read at once on the open.
   */
  startEvent = -1;
  startRecord = -1;
  /** Records 0 seen: 1 without stale data, 2 with, more if the board restarted during the run. */
  zeros = 0;
  readonly statuses: string[] = [];
  stalledFromMs?: number;
  stalledToMs?: number;
  error?: string;
  private partial = '';

  constructor(readonly label: string) {}

  add(data: string, bytes: number, latencyMs: number, dropped: number): void {
    this.events.push({ receivedMs: Date.now(), latencyMs, bytes, dropped });
    const lines = (this.partial + data).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      const match = RECORD_LINE.exec(line);
      if (!match) {
        this.malformedAt.push(this.counters.length);
        continue;
      }
      const counter = parseInt(match[1], 16);
      // the cut end of an earlier record, then a whole one
      if (match.index > 0 && counter !== 0) this.malformedAt.push(this.counters.length);
      if (counter === 0) {
        this.startPrefix = match.index;
        this.zeros++;
        this.startEvent = this.events.length - 1;
        this.startRecord = this.counters.length;
      }
      this.counters.push(counter);
    }
  }

  /** Waits for the sketch's start after the open's reset; resolves with its receipt time. */
  async started(): Promise<number> {
    const deadline = Date.now() + SKETCH_START_TIMEOUT_MS;
    while (this.startEvent < 0 && Date.now() < deadline) await sleep(10);
    if (this.startEvent < 0) throw new Error('the sketch did not start (no record 0)');
    // A first record 0 may be a stale buffer's; the reset's comes after the bootloader's wait.
    await sleep(SETTLE_MS);
    return this.events[this.startEvent].receivedMs;
  }
}

/** The board's port read straight from this process (serialport), no service: what the board sends. */
async function directRun(port: string, label: string): Promise<Reception> {
  const { SerialPort } = await import('serialport');
  const reception = new Reception(label);
  const serial = new SerialPort({ path: port, baudRate: 115200, autoOpen: false });
  serial.on('data', (chunk: Buffer) =>
    reception.add(chunk.toString('latin1'), chunk.length, NaN, 0),
  );
  try {
    await new Promise<void>((opened, failed) =>
      serial.open((error) => (error ? failed(error) : opened())),
    );
    const startedMs = await reception.started();
    await sleep(startedMs + MONITOR_S * 1000 - Date.now());
  } catch (error) {
    reception.error = error instanceof Error ? error.message : String(error);
  } finally {
    await new Promise<void>((closed) => (serial.isOpen ? serial.close(() => closed()) : closed()));
  }
  return reception;
}

async function monitorRun(
  info: ArduinoBenchServerInfo,
  port: string,
  label: string,
  stall?: { afterS: number; forS: number; thenS: number },
): Promise<Reception> {
  const reception = new Reception(label);
  const socket: Socket = io(`${info.baseUrl}/serial`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
    auth: { token: info.token },
  });
  socket.on('status', (m: StatusMessage) => reception.statuses.push(m.type));
  socket.on('data', (m: DataMessage) =>
    reception.add(
      m.data,
      Buffer.byteLength(m.data, 'utf8'),
      Date.now() - Date.parse(m.timestamp),
      m.dropped,
    ),
  );
  try {
    await new Promise<void>((connected, refused) => {
      socket.once('connect', () => connected());
      socket.once('connect_error', refused);
    });
    const opened = (await socket
      .timeout(10_000)
      .emitWithAck('open', { port, baudrate: 115200 })) as { type?: string };
    if (opened.type !== 'opened') throw new Error(`open: ${JSON.stringify(opened)}`);
    // The open reset the board: the bootloader waits about a second, then the sketch starts at 0.
    const startedMs = await reception.started();
    if (stall) {
      await sleep(startedMs + stall.afterS * 1000 - Date.now());
      const transport = socket.io.engine.transport as unknown as PausableTransport;
      if (!transport.ws) throw new Error('no websocket to pause');
      reception.stalledFromMs = Date.now();
      transport.ws.pause();
      await sleep(stall.forS * 1000);
      transport.ws.resume();
      reception.stalledToMs = Date.now();
      await sleep(stall.thenS * 1000);
    } else {
      await sleep(startedMs + MONITOR_S * 1000 - Date.now());
    }
    await socket.timeout(5000).emitWithAck('close');
  } catch (error) {
    reception.error = error instanceof Error ? error.message : String(error);
  } finally {
    socket.disconnect();
  }
  return reception;
}

interface MonitorSummary {
  label: string;
  seconds: number;
  bytes: number;
  bytesPerS: number;
  records: number;
  lostRecords: number;
  gaps: number;
  zeros: number;
  startPrefix: number;
  outOfOrder: number;
  dropped: number;
  malformed: number;
  events: number;
  meanEventBytes: number;
  latency: ReturnType<typeof stats>;
  /** The stalled run: the latency of events received after the stall, and when it was back under 100 ms. */
  drainS?: number;
}

/** From the event that brought record 0 on: what arrived, and what the counter says went missing. */
function summarize(result: Reception): MonitorSummary {
  const start = Math.max(0, result.startEvent);
  const after = result.events.slice(start + 1);
  const first = result.events[start];
  const last = result.events[result.events.length - 1];
  const seconds = first && last ? (last.receivedMs - first.receivedMs) / 1000 : NaN;
  const bytes = after.reduce((sum, e) => sum + e.bytes, 0);
  const counters = result.counters.slice(Math.max(0, result.startRecord));
  let lostRecords = 0;
  let gaps = 0;
  let outOfOrder = 0;
  for (let i = 1; i < counters.length; i++) {
    const step = counters[i] - counters[i - 1];
    if (step === 1) continue;
    if (step > 1) {
      gaps++;
      lostRecords += step - 1;
    } else outOfOrder++;
  }
  let drainS: number | undefined;
  if (result.stalledToMs !== undefined) {
    const back = result.events.find(
      (e) => e.receivedMs > (result.stalledToMs ?? 0) && e.latencyMs < 100,
    );
    drainS = back ? (back.receivedMs - (result.stalledToMs ?? 0)) / 1000 : NaN;
  }
  return {
    label: result.label,
    seconds,
    bytes,
    bytesPerS: bytes / seconds,
    records: counters.length,
    lostRecords,
    gaps,
    zeros: result.zeros,
    startPrefix: result.startPrefix,
    outOfOrder,
    dropped: after.reduce((sum, e) => sum + e.dropped, 0),
    malformed: result.malformedAt.filter((i) => i > result.startRecord).length,
    events: after.length,
    meanEventBytes: after.length > 0 ? bytes / after.length : NaN,
    latency: stats(after.map((e) => e.latencyMs)),
    drainS,
  };
}

// ---------------------------------------------------------------------------------------------

function report(run: Run, monitors: MonitorSummary[], header: string[]): string {
  const lines = [...header, ''];
  lines.push(
    '| measurement | n | HTTP p50 (s) | HTTP p99 = max (s) | tool p50 (s) | tool p99 = max (s) | HTTP - tool p50 (ms) | failed attempts |',
    '| --- | --: | --: | --: | --: | --: | --: | --- |',
  );
  for (const row of run.rows) {
    const http = stats(row.samples.map((s) => s.httpS));
    const tool = stats(row.samples.map((s) => s.toolS));
    const overhead = stats(row.samples.map((s) => (s.httpS - s.toolS) * 1000));
    lines.push(
      `| ${row.label} | ${http.n} | ${fixed(http.p50, 3)} | ${fixed(http.max, 3)} | ${fixed(tool.p50, 3)} | ` +
        `${fixed(tool.max, 3)} | ${fixed(overhead.p50, 0)} | ${row.failures.join(', ') || '0'} |`,
    );
  }
  lines.push(
    '',
    '"tool" is the reply\'s `compile_time` / `upload_time` (arduino-builder / avrdude alone, ms resolution); ' +
      'p99 is the nearest rank, so the max for n < 100.',
    '',
  );
  if (monitors.length > 0) {
    lines.push(
      `| /serial monitor, 115200 8N1 | s | bytes | bytes/s | of ${LINE_BYTES_PER_S} (the line) | of ${fixed(SIM_BYTES_PER_S, 0)} (the simulated Uno) | records | lost (counter) | dropped (server) | garbled lines | events | B/event | latency p50 / p99 / max (ms) |`,
      '| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
    );
    for (const m of monitors) {
      lines.push(
        `| ${m.label} | ${fixed(m.seconds, 1)} | ${m.bytes} | ${fixed(m.bytesPerS, 0)} | ${fixed((100 * m.bytesPerS) / LINE_BYTES_PER_S, 1)} % | ` +
          `${fixed((100 * m.bytesPerS) / SIM_BYTES_PER_S, 1)} % | ` +
          `${m.records} | ${m.lostRecords} in ${m.gaps} gaps | ${m.dropped} | ${m.malformed} | ${m.events} | ${fixed(m.meanEventBytes, 0)} | ` +
          `${fixed(m.latency.p50, 0)} / ${fixed(m.latency.p99, 0)} / ${fixed(m.latency.max, 0)} |`,
      );
    }
    lines.push(
      '',
      `From the event that brought record 0 (the sketch's start after the open's reset) to the last one. ` +
        `A real Uno sends "115200" at 117,647 baud (UBRR 16, U2X): ${fixed(UNO_BYTES_PER_S, 0)} bytes/s; ` +
        `the simulated one, whose UART counts 11 bits a byte (libsimavr 1.6's parity bit), ${fixed(SIM_BYTES_PER_S, 0)}. ` +
        "latency: the event's `timestamp` (the server's flush) to its receipt here, same host clock, ms resolution.",
    );
    for (const m of monitors) {
      const extra = [
        `${m.zeros} record(s) 0 (1: the reset's only; 2: a stale buffer's first), ` +
          `${m.startPrefix} byte(s) before record 0 on its line (in flight when the open reset the board)`,
        m.outOfOrder > 0 ? `${m.outOfOrder} records out of order` : '',
        m.drainS !== undefined
          ? `after the stall the latency was back under 100 ms in ${fixed(m.drainS, 2)} s`
          : '',
      ].filter((s) => s.length > 0);
      if (extra.length > 0) lines.push(`- ${m.label}: ${extra.join('; ')}`);
    }
    lines.push('');
  }
  lines.push(...run.notes.map((note) => `- ${note}`), '');
  return lines.join('\n');
}

async function orchestrate(): Promise<void> {
  const startedMs = Date.now();
  const loadBefore = loadavg();
  const unavailable = toolchainUnavailableReason() ?? simulatedUnoUnavailableReason();
  if (unavailable) {
    process.stderr.write(`bench:arduino: cannot run: ${unavailable}\n`);
    process.exitCode = 1;
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'rmc-bench-arduino-'));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const run = new Run(agent, join(dir, 'server.log'), dir);
  const monitors: MonitorSummary[] = [];
  let uno: SimulatedUno | undefined;
  let server: ChildProcess | undefined;
  const watchdog = setTimeout(() => {
    process.stderr.write(
      `bench:arduino: still running after ${WHOLE_RUN_TIMEOUT_MS} ms; giving up\n`,
    );
    server?.kill('SIGKILL');
    void uno?.close().finally(() => process.exit(1));
  }, WHOLE_RUN_TIMEOUT_MS);
  watchdog.unref();
  try {
    await coldCompiles(run);

    uno = await startSimulatedUno({ resetOnOpen: true });
    const workDir = mkdtempSync(join(dir, 'work-'));
    progress('warm: one app, one work dir; a first compile fills the core cache');
    const started = await run.startServer(workDir, uno.port);
    server = started.child;
    const { info } = started;
    const fillStarted = nowNs();
    await run.compile(info, BLINK(999));
    run.notes.push(
      `the compile that filled the warm app's core cache (Blink): ${fixed(msSince(fillStarted, nowNs()) / 1000, 3)} s`,
    );
    await warmCompiles(run, info);

    const blink = await run.compile(info, BLINK(1000));
    const firmware = await run.compile(info, FIRMWARE);
    run.notes.push(
      `sizes: Blink ${blink.programBytes} B flash / ${blink.dataBytes} B RAM, rover firmware ` +
        `${firmware.programBytes} B / ${firmware.dataBytes} B`,
    );
    await portListings(run, info);
    await uploads(run, info, uno, blink, firmware);

    progress('monitor: flashing the flood sketch');
    const flood = await run.compile(info, FLOOD);
    await run.upload(info, uno, flood.id);
    progress(`the port read directly (no service) for ${MONITOR_S} s`);
    const direct = await directRun(uno.port, "the board's port read directly (no service)");
    monitors.push(summarize(direct));
    progress(`monitor: reading for ${MONITOR_S} s`);
    const plain = await monitorRun(info, uno.port, '/serial, a client reading at once');
    monitors.push(summarize(plain));
    for (const reception of [direct, plain]) {
      if (reception.error) {
        run.failed = true;
        run.notes.push(`${reception.label}: FAILED: ${reception.error}`);
      }
    }
    if (STALL_S > 0) {
      progress(`monitor: a client that stops reading for ${STALL_S} s`);
      const stalled = await monitorRun(
        info,
        uno.port,
        `/serial, a client that stops reading for ${STALL_S} s (after ${STALL_BEFORE_S} s, then ${STALL_AFTER_S} s more)`,
        { afterS: STALL_BEFORE_S, forS: STALL_S, thenS: STALL_AFTER_S },
      );
      monitors.push(summarize(stalled));
      if (stalled.error) {
        run.failed = true;
        run.notes.push(`stalled monitor run failed: ${stalled.error}`);
      }
      const stallEnd = stalled.stalledToMs ?? 0;
      const during = stalled.events.filter(
        (e) => e.receivedMs > (stalled.stalledFromMs ?? 0) + 50 && e.receivedMs < stallEnd,
      ).length;
      run.notes.push(
        `stalled run: ${during} data events arrived while the socket was paused (kernel-buffered ones arrive at resume); ` +
          `statuses ${JSON.stringify(stalled.statuses)}`,
      );
    }
    run.notes.push(`monitor statuses (reading at once): ${JSON.stringify(plain.statuses)}`);
  } catch (error) {
    run.failed = true;
    run.notes.push(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(watchdog);
    await stopChild(server, 'stop');
    await uno?.close();
    agent.destroy();
    if (run.failed) run.notes.push(`the server's log is kept: ${run.logPath}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  const cpu = cpus();
  const header = [
    `bench:arduino, ${new Date().toISOString()}, ${cpu.length} x ${cpu[0]?.model ?? 'cpu'}, Node ${process.version}, ` +
      `load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, ${fixed((Date.now() - startedMs) / 1000, 0)} s in all`,
    `cold: ${COLD_RUNS} a sketch, each in a fresh ARDUINO_WORK_DIR and a fresh app; warm: ${WARM_RUNS} a row in one app, ` +
      'interleaved; uploads to the simulated Uno (reset on open), Blink and firmware alternating',
  ];
  process.stdout.write(`${report(run, monitors, header)}\n`);
  if (run.failed) process.exitCode = 1;
}

const role = process.argv[2];
const main = role === 'server' ? runServer : orchestrate;
main().catch((error: unknown) => {
  process.stderr.write(
    `bench:arduino ${role ?? ''} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
