import { TelemetryRollupEntity } from './telemetry-rollup.entity';
import { TelemetrySampleEntity } from './telemetry-sample.entity';

/** The tables of telemetry storage, for the DataSource (database/entities.ts) and forFeature. */
export const TELEMETRY_STORAGE_ENTITIES = [TelemetrySampleEntity, TelemetryRollupEntity];
