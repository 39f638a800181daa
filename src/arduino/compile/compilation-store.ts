import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../config/app-config';

export interface JobDirectory {
  id: string;
  root: string;
  sketchDir: string;
  buildDir: string;
}

export interface Compilation {
  id: string;
  board: string;
  /** Absolute; never shown to a client. */
  hexPath: string;
  finishedAt: number;
}

/**
 * The private directory of each compile (`<work>/compilations/<uuid>/{sketch,build}`, mode 0700)
 * and the registry of finished ones: only what is registered here can be uploaded, and each is
 * deleted ARDUINO_ARTIFACT_TTL_MS after it finished.
 */
@Injectable()
export class CompilationStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Compilations');
  private readonly compilations = new Map<string, Compilation>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** `<ARDUINO_WORK_DIR>/compilations`. */
  readonly root: string;
  /** `<ARDUINO_WORK_DIR>/core-cache`: the toolchain's cache of built cores. */
  readonly coreCacheDir: string;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.root = join(config.arduino.workDir, 'compilations');
    this.coreCacheDir = join(config.arduino.workDir, 'core-cache');
    this.ttlMs = config.arduino.artifactTtlMs;
  }

  private readonly ttlMs: number;

  /** A new compilation's id, known before its directory exists (a queued job has one). */
  newId(): string {
    return randomUUID();
  }

  async create(id: string, code: string): Promise<JobDirectory> {
    const root = join(this.root, id);
    const sketchDir = join(root, 'sketch');
    const buildDir = join(root, 'build');
    await mkdir(sketchDir, { recursive: true, mode: 0o700 });
    await mkdir(buildDir, { mode: 0o700 });
    await writeFile(join(sketchDir, 'sketch.ino'), code, { mode: 0o600, flag: 'wx' });
    return { id, root, sketchDir, buildDir };
  }

  register(dir: JobDirectory, board: string, hexPath: string): Compilation {
    const compilation = { id: dir.id, board, hexPath, finishedAt: this.clock.nowMs() };
    this.compilations.set(dir.id, compilation);
    const timer = setTimeout(() => void this.remove(dir.id), this.ttlMs);
    timer.unref();
    this.timers.set(dir.id, timer);
    return compilation;
  }

  rootOf(id: string): string {
    return join(this.root, id);
  }

  find(id: string): Compilation | undefined {
    return this.compilations.get(id);
  }

  /** A directory whose compile failed: nothing in it is kept. */
  async discard(dir: JobDirectory): Promise<void> {
    await rm(dir.root, { recursive: true, force: true });
  }

  async remove(id: string): Promise<void> {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.compilations.delete(id);
    try {
      await rm(join(this.root, id), { recursive: true, force: true });
    } catch (error) {
      this.logger.warn(
        { id, error: error instanceof Error ? error.message : String(error) },
        'Could not delete a compilation',
      );
    }
  }

  /**
   * The registry lives in memory, so what an earlier run left in the store can never be uploaded
   * or expire: it is deleted at boot (the core cache beside it is kept).
   */
  async onModuleInit(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }

  onModuleDestroy(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
  }
}
