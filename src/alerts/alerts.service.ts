import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Subject } from 'rxjs';
import { Clock } from '../common/clock/clock';
import type { Page } from '../common/pagination/pagination.dto';
import { AlertsRepository } from './alerts.repository';
import type { AlertDto, ListAlertsQueryDto } from './dto/alert.dto';
import type { AlertEntity, AlertKind, AlertSeverity } from './entities/alert.entity';

/** Like the audit trail, a stored alert waits out another process's lock rather than being dropped. */
const ALERT_WRITE_WAIT_MS = 60_000;

/**
 * Alerts are published at once (before any storage wait), then stored, and published on `alerts$` for the realtime layer (the `alerts` channel)
 * to deliver; this service knows nothing about sockets.
 */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger('Alerts');
  readonly alerts$ = new Subject<AlertDto>();

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly clock: Clock,
  ) {}

  async raise(
    kind: AlertKind,
    severity: AlertSeverity,
    message: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const alert: AlertEntity = {
      id: randomUUID(),
      at: this.clock.now(),
      kind,
      severity,
      message,
      details,
    };
    this.logger.warn({ kind, severity, details }, message);
    this.alerts$.next(toAlertDto(alert));
    try {
      await this.alerts.insert(alert, { waitMs: ALERT_WRITE_WAIT_MS });
    } catch (error) {
      this.logger.error(
        { kind, error: error instanceof Error ? error.message : String(error) },
        'Alert write failed',
      );
    }
  }

  async recent(limit: number): Promise<AlertDto[]> {
    const [rows] = await this.alerts.findPage(0, limit);
    return rows.map(toAlertDto);
  }

  async list(query: ListAlertsQueryDto): Promise<Page<AlertDto>> {
    const [rows, total] = await this.alerts.findPage(
      (query.page - 1) * query.limit,
      query.limit,
      query.kind,
    );
    return { items: rows.map(toAlertDto), total, page: query.page, limit: query.limit };
  }
}

function toAlertDto(alert: AlertEntity): AlertDto {
  return {
    id: alert.id,
    at: alert.at.toISOString(),
    kind: alert.kind,
    severity: alert.severity,
    message: alert.message,
    details: alert.details,
  };
}
