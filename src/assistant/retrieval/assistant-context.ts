import { Injectable, Logger } from '@nestjs/common';
import { AlertsService } from '../../alerts/alerts.service';
import type { AlertDto } from '../../alerts/dto/alert.dto';
import { AuditService } from '../../audit/audit.service';
import type { AuditEntryDto } from '../../audit/dto/audit.dto';
import type { AuthenticatedUser } from '../../common/access/authenticated-user';
import { DocumentsService } from '../../knowledge/documents/documents.service';
import type { DocumentResponseDto } from '../../knowledge/documents/dto/document.dto';
import type { PartResponseDto } from '../../knowledge/parts/dto/part.dto';
import { PartsService } from '../../knowledge/parts/parts.service';
import { KnowledgeSearchService } from '../../knowledge/search/knowledge-search.service';
import type { RoverStatusDto } from '../../rover/dto/rover-status.dto';
import { RoverService } from '../../rover/rover.service';

const KNOWLEDGE_HITS = 5;
const RECENT_ALERTS = 5;
const RECENT_AUDIT = 5;

export type KnowledgeRecord =
  { kind: 'part'; record: PartResponseDto } | { kind: 'document'; record: DocumentResponseDto };

/** What one answer may draw on. Everything here is read; nothing the assistant does writes. */
export interface AssistantContext {
  knowledge: KnowledgeRecord[];
  rover: RoverStatusDto;
  alerts: AlertDto[];
  /** The caller's own newest entries, never anyone else's. */
  audit: AuditEntryDto[];
}

/**
 * Retrieval for the assistant: the parts and documents most related to the question, the rover's
 * status as GET /api/rover/status reports it, the newest alerts and the caller's newest audit
 * entries. A source that cannot be read is left out rather than failing the question.
 */
@Injectable()
export class AssistantContextReader {
  private readonly logger = new Logger('AssistantContext');

  constructor(
    private readonly search: KnowledgeSearchService,
    private readonly parts: PartsService,
    private readonly documents: DocumentsService,
    private readonly rover: RoverService,
    private readonly alerts: AlertsService,
    private readonly audit: AuditService,
  ) {}

  async read(question: string, user: AuthenticatedUser): Promise<AssistantContext> {
    const [knowledge, alerts, audit] = await Promise.all([
      this.knowledgeFor(question),
      this.orNothing('alerts', () => this.alerts.recent(RECENT_ALERTS)),
      this.orNothing('audit', () => this.audit.recentBy(user.id, RECENT_AUDIT)),
    ]);
    return { knowledge, rover: this.rover.status(), alerts, audit };
  }

  private async knowledgeFor(question: string): Promise<KnowledgeRecord[]> {
    const hits = await this.orNothing('search', () =>
      this.search.related(question, KNOWLEDGE_HITS),
    );
    const records = await Promise.all(
      hits.map(async (hit): Promise<KnowledgeRecord | undefined> => {
        try {
          return hit.kind === 'part'
            ? { kind: 'part', record: await this.parts.get(hit.id) }
            : { kind: 'document', record: await this.documents.get(hit.id) };
        } catch {
          return undefined; // deleted between the search and the read
        }
      }),
    );
    return records.filter((r): r is KnowledgeRecord => r !== undefined);
  }

  private async orNothing<T>(what: string, read: () => Promise<T[]>): Promise<T[]> {
    try {
      return await read();
    } catch (error) {
      this.logger.warn(
        { source: what, error: error instanceof Error ? error.message : String(error) },
        'An assistant source could not be read; answering without it',
      );
      return [];
    }
  }
}
