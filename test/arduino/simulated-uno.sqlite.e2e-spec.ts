import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import {
  describeWithSimulatedUno,
  type SimulatedUno,
  startSimulatedUno,
} from '../helpers/simulated-uno';

const SKETCH = `unsigned long counter = 0;
void setup() {
  pinMode(LED_BUILTIN, OUTPUT);
  Serial.begin(115200);
}
void loop() {
  digitalWrite(LED_BUILTIN, (counter & 1) ? HIGH : LOW);
  Serial.print("hello from uno ");
  Serial.println(counter++);
  delay(100);
}
`;

const COMPILE_TIMEOUT_MS = 120_000;
/** A good upload takes ~1.5 s; a silent board fails within ~6 s with `-x attempts=1`. */
const AVRDUDE_TIMEOUT_MS = 30_000;
/** Uploads tried per flash: a reset that avrdude misses (a slow start on a busy machine). */
const UPLOAD_ATTEMPTS = 3;
const SERIAL_TIMEOUT_MS = 5_000;

interface Run {
  code: number | null;
  output: string;
  ms: number;
}

/** Runs a program (argv, no shell) to completion or its timeout; never rejects. */
function run(file: string, args: string[], timeoutMs: number): Promise<Run> {
  const started = Date.now();
  return new Promise((done) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code =
          error === null ? 0 : typeof error.code === 'number' ? error.code : error.killed ? -1 : 1;
        const failure = error && typeof error.code !== 'number' ? `\n${error.message}` : '';
        const output = `${stdout}${stderr}${failure}`;
        done({ code, output, ms: Date.now() - started });
      },
    );
  });
}

function avrdudeArgs(port: string, hex: string): string[] {
  return [
    '-C',
    '/etc/avrdude.conf',
    '-p',
    'atmega328p',
    '-c',
    'arduino',
    '-P',
    port,
    '-b',
    '115200',
    '-D',
    '-x',
    'attempts=1',
    '-U',
    `flash:w:${hex}:i`,
  ];
}

describeWithSimulatedUno('simulated Arduino Uno flashed by the real avrdude (simavr)', () => {
  let scratch: string;
  let hex: string;
  let uno: SimulatedUno | undefined;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'rmc-uno-sketch-'));
    const sketchDir = join(scratch, 'sketch');
    const buildDir = join(scratch, 'build');
    mkdirSync(sketchDir);
    mkdirSync(buildDir);
    writeFileSync(join(sketchDir, 'sketch.ino'), SKETCH);
    const compiled = await run(
      'arduino-builder',
      [
        '-compile',
        '-logger',
        'machine',
        '-hardware',
        '/usr/share/arduino/hardware',
        '-hardware',
        '/usr/share/arduino-builder',
        '-tools',
        '/usr/share/arduino-builder',
        '-fqbn',
        'arduino:avr:uno',
        '-build-path',
        buildDir,
        '-prefs=compiler.cpp.extra_flags=-DDECIMAL_DIG=__DECIMAL_DIG__',
        join(sketchDir, 'sketch.ino'),
      ],
      COMPILE_TIMEOUT_MS,
    );
    if (compiled.code !== 0) {
      throw new Error(`arduino-builder failed (${compiled.code}):\n${compiled.output}`);
    }
    hex = join(buildDir, 'sketch.ino.hex');
    uno = await startSimulatedUno();
  }, COMPILE_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await uno?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** Reset, then avrdude, as a real Uno's auto-reset does; retried (bounded) if the reset is missed. */
  const upload = async (label: string): Promise<Run> => {
    let last: Run | undefined;
    for (let attempt = 1; attempt <= UPLOAD_ATTEMPTS; attempt++) {
      uno!.reset();
      last = await run('avrdude', avrdudeArgs(uno!.port, hex), AVRDUDE_TIMEOUT_MS);
      const ok = last.code === 0 && /bytes of flash verified/.test(last.output);
      process.stderr.write(
        `simulated Uno: ${label} upload, attempt ${attempt}: avrdude exit ${last.code} ` +
          `in ${last.ms} ms${ok ? '' : ' (FAILED)'}\n`,
      );
      if (ok) break;
    }
    return last!;
  };

  it(
    'should flash the sketch through Optiboot twice in a row, then run it',
    async () => {
      for (const label of ['first', 'second']) {
        const result = await upload(label);
        if (result.code !== 0) {
          throw new Error(
            `avrdude ${label} upload failed (${result.code}):\n${result.output}\n` +
              `--- harness log ---\n${uno!.log().slice(-4000)}`,
          );
        }
        expect(result.code).toBe(0);
        expect(result.output).toMatch(/\d+ bytes of flash verified/);
      }

      const serial = new SerialPort({ path: uno!.port, baudRate: 115200, autoOpen: false });
      let received = '';
      serial.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      const started = Date.now();
      try {
        await new Promise<void>((resolve, reject) =>
          serial.open((error) => (error ? reject(error) : resolve())),
        );
        while (!received.includes('hello from uno') && Date.now() - started < SERIAL_TIMEOUT_MS) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        process.stderr.write(
          `simulated Uno: first "hello from uno" after ${Date.now() - started} ms: ` +
            `${JSON.stringify(received.slice(0, 80))}\n`,
        );
        expect(received).toMatch(/hello from uno \d+/);
      } finally {
        if (serial.isOpen) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 2000); // a pty close should not hang, but bound it
            serial.close(() => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
      }
    },
    3 * UPLOAD_ATTEMPTS * AVRDUDE_TIMEOUT_MS,
  );
});
