import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { ArduinoBuilderToolchain } from './arduino-builder.toolchain';
import { ArduinoCliToolchain } from './arduino-cli.toolchain';
import type { Toolchain } from './toolchain';

/** A toolchain installed after boot is found within this long. */
const RECHECK_MS = 10_000;

/**
 * Finds the toolchain on PATH (by looking at the files, never through a shell): arduino-cli, else
 * Debian's arduino-builder with avrdude beside it. Until one is installed every job is a 503
 * `toolchain_unavailable` that says what to install.
 */
@Injectable()
export class ToolchainLocator {
  private readonly logger = new Logger('Toolchain');
  private found?: Toolchain;
  private checkedAt = -Infinity;
  /** The lookup in flight, which requests arriving meanwhile wait for rather than refuse. */
  private locating?: Promise<Toolchain | undefined>;

  constructor(private readonly clock: Clock) {}

  async require(): Promise<Toolchain> {
    if (this.found) return this.found;
    if (!this.locating && this.clock.nowMs() - this.checkedAt >= RECHECK_MS) {
      this.checkedAt = this.clock.nowMs();
      this.locating = this.locate().finally(() => (this.locating = undefined));
    }
    if (this.locating) {
      this.found = await this.locating;
    }
    if (!this.found) {
      throw new AppError(
        'toolchain_unavailable',
        "No Arduino toolchain is installed: install arduino-cli, or Debian's arduino-builder, arduino-core-avr and avrdude",
      );
    }
    return this.found;
  }

  private async locate(): Promise<Toolchain | undefined> {
    const cli = await onPath('arduino-cli');
    if (cli) {
      this.logger.log({ toolchain: 'arduino-cli', cli }, 'Arduino toolchain found');
      return new ArduinoCliToolchain(cli);
    }
    const builder = await onPath('arduino-builder');
    const avrdude = await onPath('avrdude');
    if (!builder || !avrdude) return undefined;
    this.logger.log({ toolchain: 'arduino-builder', builder, avrdude }, 'Arduino toolchain found');
    return new ArduinoBuilderToolchain(builder, avrdude);
  }
}

async function onPath(program: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir.length === 0) continue;
    const candidate = join(dir, program);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
