/**
 * The rover simulator as a standalone program on a serial device or pty, so the real `serialport`
 * path can be exercised without hardware:
 *
 *   socat -d -d pty,raw,echo=0,link=/tmp/ttyS0 pty,raw,echo=0,link=/tmp/ttyS1
 *   npm run rover:sim -- --port /tmp/ttyS1
 *   SERIAL_PORT=/tmp/ttyS0 npm run start:dev
 */
import { parseArgs } from 'node:util';
import { SerialPort } from 'serialport';
import { RoverSimulator } from './rover-simulator';

export const USAGE =
  'usage: rover-sim --port <path> [--baud 115200] [--telemetry-hz 10]\n' +
  '  --port          serial device or pty to serve (required)\n' +
  '  --baud          one of ' +
  '9600 19200 38400 57600 115200 230400 460800 921600 (default 115200)\n' +
  '  --telemetry-hz  TEL frames per second, 0..100 (default 10)\n' +
  '  --help          print this and exit\n';

const BAUD_RATES = [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];
/** A rover's transmit buffer is small; when the host stops reading, frames are lost, not queued. */
const MAX_PENDING_WRITE_BYTES = 16 * 1024;
const CLOSE_GRACE_MS = 1000;

export interface CliOptions {
  port: string;
  baudRate: number;
  telemetryHz: number;
}

export class UsageError extends Error {}

/** Strict: unknown or repeated flags, positionals, and malformed values are all usage errors. */
export function parseCliArgs(argv: readonly string[]): CliOptions | 'help' {
  let parsed: ReturnType<typeof parseCliTokens>;
  try {
    parsed = parseCliTokens(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} given more than once`);
    seen.add(token.name);
  }
  const { values } = parsed;
  if (values.help) return 'help';
  if (!values.port) throw new UsageError('--port is required');
  const baudText = values.baud ?? '115200';
  const baudRate = Number(baudText);
  if (!/^\d+$/.test(baudText) || !BAUD_RATES.includes(baudRate))
    throw new UsageError(`--baud must be one of ${BAUD_RATES.join(', ')}`);
  const hzText = values['telemetry-hz'] ?? '10';
  const telemetryHz = Number(hzText);
  if (!/^\d+(\.\d+)?$/.test(hzText) || telemetryHz > 100)
    throw new UsageError('--telemetry-hz must be a number from 0 to 100');
  return { port: values.port, baudRate, telemetryHz };
}

function parseCliTokens(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    tokens: true,
    options: {
      port: { type: 'string' },
      baud: { type: 'string' },
      'telemetry-hz': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function openPort(port: SerialPort): Promise<void> {
  return new Promise((resolve, reject) => {
    port.open((error) => (error ? reject(error) : resolve()));
  });
}

/** Runs until a signal or until the port goes away; resolves with the process exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    log(`rover-sim: ${error.message}\n${USAGE.trimEnd()}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }

  const port = new SerialPort({ path: options.port, baudRate: options.baudRate, autoOpen: false });
  try {
    await openPort(port);
  } catch (error) {
    log(`rover-sim: cannot open ${options.port}: ${(error as Error).message}`);
    return 1;
  }

  const simulator = new RoverSimulator({ telemetryHz: options.telemetryHz });
  simulator.onOutput((line) => {
    if (port.writableLength <= MAX_PENDING_WRITE_BYTES) port.write(line);
  });
  port.on('data', (chunk: Buffer) => simulator.receive(chunk));

  const exitCode = new Promise<number>((resolve) => {
    let shuttingDown = false;
    const shutdown = (code: number): void => {
      if (shuttingDown) return;
      shuttingDown = true;
      simulator.stop();
      if (!port.isOpen) return resolve(code);
      // A pty whose peer vanished can leave close() pending; exit anyway after a grace period.
      const fallback = setTimeout(() => resolve(code), CLOSE_GRACE_MS);
      port.close(() => {
        clearTimeout(fallback);
        resolve(code);
      });
    };
    process.once('SIGINT', () => shutdown(0));
    process.once('SIGTERM', () => shutdown(0));
    port.on('error', (error: Error) => {
      log(`rover-sim: ${options.port}: ${error.message}`);
      shutdown(1);
    });
    port.on('close', () => {
      if (shuttingDown) return;
      log(`rover-sim: ${options.port} closed`);
      shuttingDown = true;
      simulator.stop();
      resolve(1);
    });
  });

  simulator.start();
  log(`rover-sim listening on ${options.port}`);
  return exitCode;
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      log(`rover-sim: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
