import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '../common/actor/actor';
import { Clock } from '../common/clock/clock';
import type { Page } from '../common/pagination/pagination.dto';
import { AuditRepository } from './audit.repository';
import type { AuditEntryDto, ListAuditQueryDto } from './dto/audit.dto';
import type { AuditAction, AuditEntryEntity, AuditOutcome } from './entities/audit-entry.entity';

/**
 * The audit trail waits this long for a database lock another process holds: an entry is kept
 * through a backup or a second instance's burst, not dropped after the request timeout. Callers
 * that answer a request do not await it.
 */
export const AUDIT_WRITE_WAIT_MS = 60_000;

@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Records an entry and resolves with its id once stored (null if the write failed). It never
   * throws: the audit trail must not turn a stop that happened into an error response; a failed
   * write is logged loudly instead.
   */
  async record(
    actor: Actor,
    action: AuditAction,
    outcome: AuditOutcome,
    details: Record<string, unknown> = {},
  ): Promise<string | null> {
    const entry: AuditEntryEntity = {
      id: randomUUID(),
      at: this.clock.now(),
      actorId: actor.id,
      actor: actor.username,
      action,
      outcome,
      details,
    };
    try {
      await this.audit.insert(entry, { waitMs: AUDIT_WRITE_WAIT_MS });
      return entry.id;
    } catch (error) {
      this.logger.error(
        { entry, error: error instanceof Error ? error.message : String(error) },
        'Audit write failed',
      );
      return null;
    }
  }

  /**
   * Replaces the details of an entry: only for entries that coalesce repeats of one event (the
   * e-stop pressed again while latched), so a burst leaves one entry with a count, not hundreds.
   */
  async amend(id: string, details: Record<string, unknown>): Promise<void> {
    try {
      await this.audit.updateDetails(id, details, { waitMs: AUDIT_WRITE_WAIT_MS });
    } catch (error) {
      this.logger.error(
        { id, details, error: error instanceof Error ? error.message : String(error) },
        'Audit amend failed',
      );
    }
  }

  async list(query: ListAuditQueryDto): Promise<Page<AuditEntryDto>> {
    const [rows, total] = await this.audit.findPage(
      (query.page - 1) * query.limit,
      query.limit,
      query.action,
    );
    return { items: rows.map(toAuditEntryDto), total, page: query.page, limit: query.limit };
  }

  async recentBy(actorId: string, limit: number): Promise<AuditEntryDto[]> {
    return (await this.audit.findRecentByActor(actorId, limit)).map(toAuditEntryDto);
  }
}

function toAuditEntryDto(row: AuditEntryEntity): AuditEntryDto {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actor: row.actor,
    action: row.action,
    outcome: row.outcome,
    details: row.details,
  };
}
