import { TelemetryRollupEntity } from './telemetry-rollup.entity';
import { TelemetrySampleEntity } from './telemetry-sample.entity';

/** The tables of telemetry storage, registered by TelemetryStorageModule. */
export const TELEMETRY_STORAGE_ENTITIES = [TelemetrySampleEntity, TelemetryRollupEntity];
