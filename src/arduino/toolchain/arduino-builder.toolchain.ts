import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runChild } from '../jobs/run-child';
import { avrdudeArgv } from '../upload/avrdude';
import {
  type CompileJob,
  type CompileRun,
  Toolchain,
  type UploadJob,
  type UploadRun,
} from './toolchain';

/** Where Debian 12's arduino-builder, arduino-core-avr and their libraries live. */
const HARDWARE_DIRS = ['/usr/share/arduino/hardware', '/usr/share/arduino-builder'];
const TOOLS_DIR = '/usr/share/arduino-builder';
const LIBRARY_DIRS = [
  '/usr/share/arduino/libraries',
  '/usr/share/arduino/hardware/arduino/avr/libraries',
];

const PROGRESS = /^===info \|\|\| Progress \{0\} \|\|\| \[(\d+(?:\.\d+)?)\]/;

/**
 * Debian's arduino-builder. Its known needs on Debian 12: the hardware and tools folders named
 * explicitly, DECIMAL_DIG defined for gcc-avr 5.4's C++ (it lacks it), an existing build folder,
 * and `-logger machine` for size lines a program can read.
 */
export class ArduinoBuilderToolchain extends Toolchain {
  readonly name = 'arduino-builder';

  constructor(
    private readonly executable: string,
    private readonly avrdude: string,
  ) {
    super();
  }

  async upload(job: UploadJob): Promise<UploadRun> {
    const result = await runChild({
      argv: avrdudeArgv(this.avrdude, job.board, job.port, job.hexPath),
      cwd: dirname(job.hexPath),
      timeoutMs: job.timeoutMs,
    });
    return {
      ok: result.code === 0 && !result.timedOut,
      timedOut: result.timedOut,
      // avrdude reports on stderr.
      output: `${result.stdout}${result.stderr}`.trim(),
      durationMs: result.durationMs,
    };
  }

  async compile(job: CompileJob): Promise<CompileRun> {
    await mkdir(job.coreCacheDir, { recursive: true, mode: 0o700 });
    const argv = [
      this.executable,
      '-compile',
      '-logger',
      'machine',
      ...HARDWARE_DIRS.flatMap((dir) => ['-hardware', dir]),
      '-tools',
      TOOLS_DIR,
      '-fqbn',
      job.board.toolchainFqbn,
      '-build-path',
      job.buildDir,
      // The core (core.a) is the same for every sketch of a board: built once, it turns a 1.0 s
      // compile of Blink into 0.2 s (bench/arduino).
      '-build-cache',
      job.coreCacheDir,
      '-prefs=compiler.cpp.extra_flags=-DDECIMAL_DIG=__DECIMAL_DIG__',
      join(job.sketchDir, 'sketch.ino'),
    ];
    const result = await runChild({
      argv,
      cwd: job.sketchDir,
      timeoutMs: job.timeoutMs,
      onStdoutLine: (line) => {
        const match = PROGRESS.exec(line);
        if (match) job.onProgress?.(Number(match[1]));
      },
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

  async installedLibraries(): Promise<string[]> {
    const names = await Promise.all(
      LIBRARY_DIRS.map((dir) =>
        readdir(dir, { withFileTypes: true }).then(
          (entries) => entries.filter((e) => e.isDirectory()).map((e) => e.name),
          () => [],
        ),
      ),
    );
    return [...new Set(names.flat())].sort();
  }
}
