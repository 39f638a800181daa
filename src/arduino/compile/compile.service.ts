import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../common/access/authenticated-user';
import { AppError } from '../../common/errors/app-error';
import { AppConfig } from '../../config/app-config';
import { boardOf } from '../boards';
import type { CompileRequestDto, CompileResultDto } from '../dto/compile.dto';
import { JobEvents, type JobState } from '../jobs/job-events';
import { ToolchainLocator } from '../toolchain/toolchain-locator';
import { ArduinoJobSlots } from '../jobs/arduino-job-slots';
import { CompilationStore, type JobDirectory } from './compilation-store';
import { parseDiagnostics, parseSizes, readableOutput, withoutWorkDir } from './compile-output';

/** Progress events are sent at most this often per job. */
const PROGRESS_EVERY_PERCENT = 10;

/**
 * POST /api/arduino/compile: a private directory, the toolchain under the job cap and timeout,
 * its output with the server's paths taken out, and either a registered artifact or a 422 with
 * the compiler's messages parsed.
 */
@Injectable()
export class CompileService {
  constructor(
    private readonly toolchains: ToolchainLocator,
    private readonly store: CompilationStore,
    private readonly slots: ArduinoJobSlots,
    private readonly events: JobEvents,
    private readonly config: AppConfig,
  ) {}

  async compile(user: AuthenticatedUser, dto: CompileRequestDto): Promise<CompileResultDto> {
    const toolchain = await this.toolchains.require();
    const board = boardOf(dto.board);
    if (!board) throw AppError.validation('board', 'board is not a supported board');
    const installed = await toolchain.installedLibraries();
    const unknown = dto.libraries.filter((name) => !installed.includes(name));
    if (unknown.length > 0) {
      throw AppError.validation(
        'libraries',
        `libraries not installed: ${unknown.join(', ')} (installed: ${installed.join(', ') || 'none'})`,
      );
    }

    const jobId = this.store.newId();
    const announce = (state: JobState, progress: number | null, message: string | null) =>
      this.events.emit({
        jobId,
        kind: 'compile',
        state,
        progress,
        board: board.fqbn,
        username: user.username,
        message,
      });
    if (this.slots.full) announce('queued', null, 'waiting for a free toolchain slot');
    return this.slots.run(async () => {
      const dir = await this.store.create(jobId, dto.code);
      announce('running', 0, null);
      let lastProgress = 0;
      const run = await toolchain
        .compile({
          sketchDir: dir.sketchDir,
          buildDir: dir.buildDir,
          coreCacheDir: this.store.coreCacheDir,
          board,
          timeoutMs: this.config.arduino.compileTimeoutMs,
          onProgress: (percent) => {
            if (percent - lastProgress < PROGRESS_EVERY_PERCENT && percent < 100) return;
            lastProgress = percent;
            announce('running', Math.round(percent), null);
          },
        })
        .catch(async (error: unknown) => {
          await this.store.discard(dir);
          announce('failed', null, 'the toolchain could not be started');
          throw error;
        });

      const workRoot = this.config.arduino.workDir;
      const stdout = withoutWorkDir(run.stdout, dir.root, workRoot);
      const stderr = withoutWorkDir(run.stderr, dir.root, workRoot);
      const output = [readableOutput(stdout), stderr.trim()].filter((t) => t.length > 0).join('\n');
      const diagnostics = parseDiagnostics(stderr);
      if (run.timedOut) {
        await this.store.discard(dir);
        announce('timed_out', null, `killed after ${this.config.arduino.compileTimeoutMs} ms`);
        throw new AppError(
          'job_timeout',
          `The compile did not finish within ${this.config.arduino.compileTimeoutMs} ms and was stopped`,
        );
      }
      if (!run.ok || run.hexPath === undefined) {
        await this.store.discard(dir);
        const errors = diagnostics.filter((d) => d.severity === 'error');
        announce('failed', null, `${errors.length} error(s)`);
        throw compileFailed(errors, diagnostics, output);
      }
      this.store.register(dir, board.fqbn, run.hexPath);
      announce('succeeded', 100, null);
      return {
        status: 'success',
        compilation_id: dir.id,
        output,
        warnings: diagnostics.filter((d) => d.severity === 'warning'),
        binary_path: binaryPathOf(dir),
        board: board.fqbn,
        sizes: parseSizes(stdout),
        toolchain: toolchain.name,
        compile_time: Math.round(run.durationMs) / 1000,
      };
    });
  }
}

/** What a client names an artifact by: its compilation and file, never a server path. */
export function binaryPathOf(dir: Pick<JobDirectory, 'id'>): string {
  return `${dir.id}/sketch.ino.hex`;
}

function compileFailed(
  errors: ReturnType<typeof parseDiagnostics>,
  all: ReturnType<typeof parseDiagnostics>,
  output: string,
): AppError {
  const first = errors[0];
  const message = first
    ? `Compilation failed: ${first.file}:${first.line}${first.column === null ? '' : `:${first.column}`}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`
    : 'Compilation failed';
  return new AppError('compile_failed', message, undefined, undefined, {
    errors,
    warnings: all.filter((d) => d.severity === 'warning'),
    output,
  });
}
