import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runChild } from '../jobs/run-child';
import {
  type CompileJob,
  type CompileRun,
  Toolchain,
  type UploadJob,
  type UploadRun,
} from './toolchain';

/** Libraries every AVR core brings, which `lib list` does not show. */
const CORE_LIBRARIES = ['EEPROM', 'HID', 'SPI', 'SoftwareSerial', 'Wire'];
const LIST_TIMEOUT_MS = 15_000;

/**
 * arduino-cli (preferred when it is on PATH, as the Arduino IDE 2 uses it). Sizes come from its
 * "Sketch uses N bytes" lines, errors from gcc's lines on stderr, as with arduino-builder. Its
 * uploads go through the core's own recipe (avrdude for AVR boards) with the image we built.
 */
export class ArduinoCliToolchain extends Toolchain {
  readonly name = 'arduino-cli';

  constructor(private readonly executable: string) {
    super();
  }

  async compile(job: CompileJob): Promise<CompileRun> {
    await mkdir(job.coreCacheDir, { recursive: true, mode: 0o700 });
    const result = await runChild({
      argv: [
        this.executable,
        'compile',
        '--fqbn',
        job.board.toolchainFqbn,
        '--build-path',
        job.buildDir,
        '--build-cache-path',
        job.coreCacheDir,
        '--warnings',
        'default',
        job.sketchDir,
      ],
      cwd: job.sketchDir,
      timeoutMs: job.timeoutMs,
    });
    const ok = result.code === 0 && !result.timedOut;
    return {
      ok,
      timedOut: result.timedOut,
      stdout: result.stdout,
      stderr: result.stderr,
      hexPath: ok ? join(job.buildDir, 'sketch.ino.hex') : undefined,
      durationMs: result.durationMs,
    };
  }

  async upload(job: UploadJob): Promise<UploadRun> {
    const result = await runChild({
      argv: [
        this.executable,
        'upload',
        '--fqbn',
        job.board.toolchainFqbn,
        '--port',
        job.port,
        '--input-file',
        job.hexPath,
      ],
      cwd: dirname(job.hexPath),
      timeoutMs: job.timeoutMs,
    });
    return {
      ok: result.code === 0 && !result.timedOut,
      timedOut: result.timedOut,
      output: `${result.stdout}${result.stderr}`.trim(),
      durationMs: result.durationMs,
    };
  }

  async installedLibraries(): Promise<string[]> {
    const result = await runChild({
      argv: [this.executable, 'lib', 'list', '--format', 'json'],
      cwd: '/',
      timeoutMs: LIST_TIMEOUT_MS,
    }).catch(() => undefined);
    return [...new Set([...CORE_LIBRARIES, ...libraryNames(result?.stdout ?? '')])].sort();
  }
}

/** `lib list --format json`: an array (0.x) or { installed_libraries: [...] } (1.x). */
export function libraryNames(json: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  const entries = Array.isArray(parsed)
    ? parsed
    : ((parsed as { installed_libraries?: unknown[] } | null)?.installed_libraries ?? []);
  return entries
    .map((entry) => (entry as { library?: { name?: unknown } })?.library?.name)
    .filter(
      (name): name is string => typeof name === 'string' && /^[A-Za-z0-9][\w.-]{0,62}$/.test(name),
    );
}
