import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';
import { type EnvBase, EnvInt, toBool } from './env-fields';

/** The simulated fleet beside the rover, and how long stored telemetry is kept. */
export function TelemetryEnv<TBase extends EnvBase>(Base: TBase) {
  class TelemetryEnv extends Base {
    /** The built-in fleet simulator: FLEET_SIZE simulated robots beside the rover (API.md §6). */
    @Transform(toBool)
    @IsBoolean()
    FLEET_SIMULATION = true;

    @EnvInt(1, 1000) FLEET_SIZE = 5;

    /** How often the fleet is updated and broadcast; the default of a runtime setting (PATCH /api/config). */
    @EnvInt(20, 3_600_000) FLEET_UPDATE_INTERVAL_MS = 5000;

    /** Stored telemetry older than this many hours is deleted (GET /api/telemetry/history, export). */
    @EnvInt(1, 8760) TELEMETRY_RETENTION_HOURS = 24;
  }
  return TelemetryEnv;
}
