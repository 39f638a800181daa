import { realpath } from 'node:fs/promises';
import { sep } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../common/access/authenticated-user';
import { AppError } from '../../common/errors/app-error';
import { AppConfig } from '../../config/app-config';
import { HardwareService } from '../../hardware/hardware.service';
import { boardOf } from '../boards';
import { CompilationStore } from '../compile/compilation-store';
import { withoutWorkDir } from '../compile/compile-output';
import type { UploadRequestDto, UploadResultDto } from '../dto/upload.dto';
import { ArduinoJobSlots } from '../jobs/arduino-job-slots';
import { JobEvents, type JobState } from '../jobs/job-events';
import { SerialMonitor } from '../monitor/serial-monitor';
import { PortDiscovery } from '../ports/port-discovery';
import { RoverPortCheck } from '../ports/rover-port-check';
import { ToolchainLocator } from '../toolchain/toolchain-locator';

/**
 * POST /api/arduino/upload: an artifact this server built, to a port the listing shows, for the
 * board it was built for, by avrdude under the job cap and timeout.
 */
@Injectable()
export class UploadService {
  constructor(
    private readonly toolchains: ToolchainLocator,
    private readonly store: CompilationStore,
    private readonly ports: PortDiscovery,
    private readonly slots: ArduinoJobSlots,
    private readonly events: JobEvents,
    private readonly config: AppConfig,
    private readonly hardware: HardwareService,
    private readonly roverPorts: RoverPortCheck,
    private readonly monitor: SerialMonitor,
  ) {}

  async upload(user: AuthenticatedUser, dto: UploadRequestDto): Promise<UploadResultDto> {
    const toolchain = await this.toolchains.require();
    const compilation = this.compilationOf(dto);
    const hexPath = await this.insideStore(compilation.hexPath);
    const board = boardOf(dto.board);
    const builtFor = boardOf(compilation.board);
    if (!board || !builtFor || board.mcu !== builtFor.mcu) {
      throw AppError.validation(
        'board',
        `the compilation was built for ${compilation.board}, not for ${dto.board}`,
      );
    }
    const port = (await this.ports.list()).find((p) => p.port === dto.port);
    if (!port) {
      throw AppError.validation(
        'port',
        'port is not one of the serial ports GET /api/arduino/ports lists',
      );
    }
    const roverPort = await this.isRoverPort(dto.port);

    const announce = (state: JobState, message: string | null) =>
      this.events.emit({
        jobId: compilation.id,
        kind: 'upload',
        state,
        progress: null,
        board: board.fqbn,
        username: user.username,
        message,
      });
    if (this.slots.full) announce('queued', 'waiting for a free toolchain slot');
    return this.slots.run(async () => {
      announce('running', `to ${dto.port}`);
      const timeoutMs = this.config.arduino.uploadTimeoutMs;
      if (roverPort) await this.hardware.release();
      let run: Awaited<ReturnType<typeof toolchain.upload>>;
      try {
        run = await this.monitor.pausedFor(dto.port, () =>
          toolchain.upload({ board, port: dto.port, hexPath, timeoutMs }),
        );
      } finally {
        if (roverPort) this.hardware.reacquire();
      }
      const output = withoutWorkDir(
        run.output,
        this.store.rootOf(compilation.id),
        this.config.arduino.workDir,
      );
      if (run.timedOut) {
        announce('timed_out', `killed after ${timeoutMs} ms`);
        throw new AppError(
          'job_timeout',
          `The upload did not finish within ${timeoutMs} ms and was stopped`,
        );
      }
      if (!run.ok) {
        announce('failed', 'the board did not take the sketch');
        throw new AppError(
          'upload_failed',
          `The board on ${dto.port} did not take the sketch (is it a ${board.name} with its bootloader?)`,
          undefined,
          undefined,
          { output },
        );
      }
      announce('succeeded', null);
      const [vid, pid] = /VID:PID=([0-9A-F]{4}):([0-9A-F]{4})/i.exec(port.hwid)?.slice(1) ?? [];
      return {
        status: 'uploaded',
        port: dto.port,
        upload_time: Math.round(run.durationMs) / 1000,
        board_info: {
          name: board.name,
          fqbn: board.fqbn,
          vid: vid?.toLowerCase() ?? null,
          pid: pid?.toLowerCase() ?? null,
        },
        compilation_id: compilation.id,
        output,
      };
    });
  }

  private compilationOf(dto: UploadRequestDto) {
    const fromPath = dto.binary_path?.split('/')[0];
    const id = dto.compilation_id ?? fromPath;
    if (id === undefined) {
      throw AppError.validation(
        'compilation_id',
        'give compilation_id (or binary_path) of a compile',
      );
    }
    if (
      dto.compilation_id !== undefined &&
      fromPath !== undefined &&
      fromPath !== dto.compilation_id
    ) {
      throw AppError.validation('binary_path', 'binary_path belongs to another compilation');
    }
    const compilation = this.store.find(id);
    if (!compilation) throw AppError.notFound('Compilation (it may have expired)');
    return compilation;
  }

  /** The image as stored, resolved: a link planted in the store cannot point avrdude elsewhere. */
  private async insideStore(hexPath: string): Promise<string> {
    const [resolved, root] = await Promise.all([
      realpath(hexPath).catch(() => undefined),
      realpath(this.store.root).catch(() => undefined),
    ]);
    if (!resolved || !root || !resolved.startsWith(`${root}${sep}`)) {
      throw AppError.validation(
        'binary_path',
        'the compiled image is not in the compilation store',
      );
    }
    return resolved;
  }

  /**
   * The rover's own board is flashed through the link's hand-over (HardwareService.release): the
   * rover is stopped and its port closed for the upload, and taken back after, latch first.
   */
  private async isRoverPort(port: string): Promise<boolean> {
    if (!(await this.roverPorts.isRoverPort(port))) return false;
    if (!this.hardware.ownsLink || this.hardware.isReleased) {
      throw new AppError('port_busy', `${port} is the rover's link and is not free to hand over`);
    }
    return true;
  }
}
