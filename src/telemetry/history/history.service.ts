import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { ROVER_ROBOT_ID } from '../../common/robots/robot-id';
import { TELEMETRY_FIELDS } from '../telemetry-sample';
import { TelemetrySamplesRepository } from '../storage/telemetry-samples.repository';
import type { TelemetryHistoryDto } from './dto/history-response.dto';
import {
  DEFAULT_BUCKETS,
  type HistoryStrategy,
  MAX_RAW_SAMPLES,
  type TelemetryHistoryQueryDto,
} from './dto/history.query';
import { toLatestHistory, toMinmaxHistory, toRawHistory } from './history.mapper';
import { resolveWindow } from './time-window';

/** The most robots a latest-of-every-robot answer lists. */
const MAX_LATEST_ROBOTS = 10_000;

/** Query parameters that mean something for one strategy only: elsewhere they are a 400. */
const ONLY_FOR: Readonly<Record<'from' | 'buckets' | 'limit', readonly HistoryStrategy[]>> = {
  from: ['raw', 'minmax'],
  buckets: ['minmax'],
  limit: ['raw'],
};

@Injectable()
export class TelemetryHistoryService {
  constructor(
    private readonly repository: TelemetrySamplesRepository,
    private readonly clock: Clock,
  ) {}

  async history(query: TelemetryHistoryQueryDto): Promise<TelemetryHistoryDto> {
    for (const [name, strategies] of Object.entries(ONLY_FOR)) {
      if (
        query[name as keyof typeof ONLY_FOR] !== undefined &&
        !strategies.includes(query.strategy)
      ) {
        throw AppError.validation(
          name,
          `${name} applies to strategy ${strategies.join(' or ')} only`,
        );
      }
    }
    const fields = query.fields ?? [...TELEMETRY_FIELDS];
    const nowMs = this.clock.nowMs();
    switch (query.strategy) {
      case 'latest': {
        const toMs = query.to === undefined ? nowMs : Date.parse(query.to);
        if (toMs < 0) throw AppError.validation('to', 'to must not be before 1970-01-01T00:00:00Z');
        const rows = await this.repository.latest(
          query.robotId,
          toMs,
          fields,
          MAX_LATEST_ROBOTS + 1,
        );
        return toLatestHistory(query.robotId ?? null, toMs, fields, rows, MAX_LATEST_ROBOTS);
      }
      case 'raw': {
        const window = resolveWindow(query, nowMs);
        const robotId = query.robotId ?? ROVER_ROBOT_ID;
        const limit = query.limit ?? MAX_RAW_SAMPLES;
        const rows = await this.repository.raw(
          robotId,
          window.fromMs,
          window.toMs,
          fields,
          limit + 1,
        );
        return toRawHistory(robotId, window, fields, rows, limit);
      }
      case 'minmax': {
        const window = resolveWindow(query, nowMs);
        const count = query.buckets ?? DEFAULT_BUCKETS;
        if (count > window.toMs - window.fromMs) {
          throw AppError.validation(
            'buckets',
            'buckets must not exceed the window length in milliseconds',
          );
        }
        const robotId = query.robotId ?? ROVER_ROBOT_ID;
        const grid = { ...window, count };
        return toMinmaxHistory(
          robotId,
          grid,
          fields,
          await this.repository.minmax(robotId, grid, fields),
        );
      }
    }
  }
}
