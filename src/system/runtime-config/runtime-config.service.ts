import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Observable, Subject } from 'rxjs';
import { type AuditService } from '../../audit/audit.service';
import type { AuthenticatedUser } from '../../common/access/authenticated-user';
import type { Actor } from '../../common/actor/actor';
import { type Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import {
  DEFAULT_TELEMETRY_RATE_HZ,
  RuntimeSettings,
  type Settings,
} from '../../common/runtime/runtime-settings';
import { type AppConfig } from '../../config/app-config';
import type { RuntimeConfigResponseDto } from './dto/runtime-config-response.dto';
import type { UpdateRuntimeConfigDto } from './dto/update-runtime-config.dto';
import type { RuntimeSettingsEntity, SettingOverrides } from './entities/runtime-settings.entity';
import { expectedConfigVersion, staleConfig } from './runtime-config-etag';
import { type RuntimeConfigState, toRuntimeConfigResponse } from './runtime-config.mapper';
import { type RuntimeConfigRepository } from './runtime-config.repository';
import {
  applyPatch,
  diffSettings,
  requestedOf,
  resolveSettings,
  sameOverrides,
  sanitizeOverrides,
} from './settings-overrides';

/**
 * Another instance on the same database may change the settings; each instance looks this often
 * (one primary-key read) and applies what it finds, so instances agree within this delay.
 */
export const RUNTIME_CONFIG_POLL_MS = 10_000;

/** A PATCH that keeps losing to writes from other instances gives up after this many tries. */
const MAX_ATTEMPTS = 3;

export function settingsDefaults(config: AppConfig): Settings {
  return {
    telemetryRateHz: DEFAULT_TELEMETRY_RATE_HZ,
    fleetUpdateIntervalMs: config.fleet.updateIntervalMs,
    deadmanTimeoutMs: config.rover.deadmanTimeoutMs,
    defaultRateLimit: config.throttle.limit,
  };
}

interface State extends RuntimeConfigState {
  overrides: SettingOverrides;
}

/**
 * The runtime settings: environment defaults, overridden by what an admin stored. Changes are
 * validated by the DTO, stored, applied at once (`changes$`) and audited.
 *
 * Concurrent changes: PATCHes on one instance run one at a time, each merged into the latest stored
 * set, so two admins changing different settings both win. A client that must not overwrite a
 * change it has not seen sends the ETag back in If-Match and gets 412 when the settings moved on.
 * Between instances, each write is conditional on the version it read; a lost race is re-read and
 * merged again (or 412 with If-Match).
 *
 * Made by `RuntimeConfigService.create`, which loads the stored settings first: whoever injects
 * RuntimeSettings sees the stored values from the start, never the defaults for a moment.
 */
export class RuntimeConfigService
  extends RuntimeSettings
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('RuntimeConfig');
  private readonly defaults: Settings;
  private state: State;
  private readonly changed = new Subject<Settings>();
  readonly changes$: Observable<Settings> = this.changed.asObservable();
  /** Serialises PATCHes and polls on this instance. */
  private turn: Promise<unknown> = Promise.resolve();
  private pollTimer?: NodeJS.Timeout;

  private constructor(
    private readonly repo: RuntimeConfigRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    super();
    this.defaults = settingsDefaults(config);
    this.state = {
      settings: this.defaults,
      overrides: {},
      version: 0,
      updatedAt: null,
      updatedBy: null,
    };
  }

  static async create(
    repo: RuntimeConfigRepository,
    audit: AuditService,
    clock: Clock,
    config: AppConfig,
  ): Promise<RuntimeConfigService> {
    const service = new RuntimeConfigService(repo, audit, clock, config);
    service.adopt(await repo.find());
    return service;
  }

  get current(): Settings {
    return this.state.settings;
  }

  onApplicationBootstrap(): void {
    this.pollTimer = setInterval(
      () => void this.serialised(() => this.refresh()),
      RUNTIME_CONFIG_POLL_MS,
    );
    this.pollTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.pollTimer);
    this.changed.complete();
  }

  view(): RuntimeConfigResponseDto {
    return toRuntimeConfigResponse(this.state, this.defaults);
  }

  update(
    user: AuthenticatedUser,
    patch: UpdateRuntimeConfigDto,
    ifMatch?: string,
  ): Promise<RuntimeConfigResponseDto> {
    const expected = expectedConfigVersion(ifMatch);
    const actor: Actor = { id: user.id, username: user.username };
    return this.serialised(() => this.write(actor, patch, expected));
  }

  private async write(
    actor: Actor,
    patch: UpdateRuntimeConfigDto,
    expected: number | undefined,
  ): Promise<RuntimeConfigResponseDto> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const stored = await this.repo.find();
      const basedOn = stored?.version ?? 0;
      if (expected !== undefined && expected !== basedOn) throw staleConfig();
      this.adopt(stored); // another instance's change, if any, is in force before this one
      const overrides = applyPatch(this.state.overrides, patch);
      if (sameOverrides(overrides, this.state.overrides)) return this.view();

      const before = this.state.settings;
      const row = {
        overrides,
        version: basedOn + 1,
        updatedAt: this.clock.now(),
        updatedBy: actor.username,
      };
      if (!(await this.repo.replace(row, basedOn))) {
        if (expected !== undefined) throw staleConfig();
        continue; // another instance wrote in between: merge into what it stored
      }
      this.adopt({ key: 'current', ...row });
      await this.audit.record(actor, 'config_changed', 'ok', {
        version: row.version,
        requested: requestedOf(patch),
        changes: diffSettings(before, this.state.settings),
      });
      return this.view();
    }
    throw new AppError('conflict', 'The settings kept changing concurrently; retry');
  }

  private async refresh(): Promise<void> {
    try {
      const stored = await this.repo.find();
      if ((stored?.version ?? 0) !== this.state.version) this.adopt(stored);
    } catch (error) {
      this.logger.warn(
        { error: error instanceof Error ? error.message : String(error) },
        'Cannot read the runtime settings; keeping the ones in force',
      );
    }
  }

  /** Makes a stored row the state in force, and announces the settings if they changed. */
  private adopt(row: RuntimeSettingsEntity | null): void {
    if ((row?.version ?? 0) === this.state.version) return;
    const { overrides, dropped } = sanitizeOverrides(row?.overrides ?? {});
    if (dropped.length > 0) {
      this.logger.warn({ dropped }, 'Ignoring stored runtime settings that are no longer valid');
    }
    const before = this.state.settings;
    const settings = resolveSettings(this.defaults, overrides);
    this.state = {
      settings,
      overrides,
      version: row?.version ?? 0,
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
    };
    if (Object.keys(diffSettings(before, settings)).length > 0) this.changed.next(settings);
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(() => work());
    this.turn = run.catch(() => undefined); // a failed turn must not block the next

    return run;
  }
}
