import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TelemetryExportController } from '../export/export.controller';
import { TelemetryExportService } from '../export/export.service';
import { TelemetryHistoryController } from '../history/history.controller';
import { TelemetryHistoryService } from '../history/history.service';
import { TelemetryModule } from '../telemetry.module';
import { TELEMETRY_STORAGE_ENTITIES } from './entities/telemetry-storage.entities';
import { TelemetryRetention } from './telemetry-retention';
import { TelemetrySamplesRepository } from './telemetry-samples.repository';
import {
  TELEMETRY_STORAGE_METRIC_PROVIDERS,
  TelemetryStorageMetrics,
} from './telemetry-storage-metrics';
import { TelemetryStore } from './telemetry-store';

/**
 * Stored telemetry: the batched store (fed by TelemetryService.samples$ and by `record` for the
 * fleet), its retention, and the history and export routes that read it.
 */
@Module({
  imports: [TelemetryModule, TypeOrmModule.forFeature(TELEMETRY_STORAGE_ENTITIES)],
  controllers: [TelemetryHistoryController, TelemetryExportController],
  providers: [
    ...TELEMETRY_STORAGE_METRIC_PROVIDERS,
    TelemetryStorageMetrics,
    TelemetrySamplesRepository,
    TelemetryStore,
    TelemetryRetention,
    TelemetryHistoryService,
    TelemetryExportService,
  ],
  exports: [TelemetryStore],
})
export class TelemetryStorageModule {}
