import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { CatalogService } from '../../common/catalog/catalog.service';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import type { Page } from '../../common/pagination/pagination.dto';
import { KnowledgeCache } from '../cache/knowledge-cache';
import type { PartListQueryDto } from '../knowledge-list.query';
import type { CreatePartDto, PartResponseDto } from './dto/part.dto';
import { toPartResponse } from './part.mapper';
import type { PartEntity } from './part.entity';
import { partSearchText } from './part-search-text';
import { PartsRepository } from './parts.repository';

@Injectable()
export class PartsService
  extends CatalogService<PartEntity, CreatePartDto, PartResponseDto>
  implements OnModuleDestroy
{
  private readonly invalidation: Subscription;

  constructor(
    repository: PartsRepository,
    clock: Clock,
    private readonly cache: KnowledgeCache,
  ) {
    super(repository, clock, 'Part');
    // The writer's instance moves the cache's generation on for every instance (the cache lives
    // in Redis when there is one): hearing the others' writes too would move it twice.
    this.invalidation = repository.changedHere$.subscribe(() => void this.cache.invalidate());
  }

  onModuleDestroy(): void {
    this.invalidation.unsubscribe();
  }

  listParts(query: PartListQueryDto): Promise<Page<PartResponseDto>> {
    const key = JSON.stringify([
      'parts',
      query.page,
      query.limit,
      query.category ?? null,
      query.search ?? null,
      query.sort ?? null,
    ]);
    return this.cache.getOrLoad(key, () =>
      this.list(query, query.category ? { category: query.category } : undefined),
    );
  }

  protected toResponse(row: PartEntity): PartResponseDto {
    return toPartResponse(row);
  }

  protected toRow(fields: CreatePartDto) {
    const structured = {
      category: fields.category,
      manufacturer: fields.manufacturer ?? null,
      interface: fields.interface ?? null,
      pinout: (fields.pinout ?? []).map((p) => ({ pin: p.pin, function: p.function })),
      specs: { ...(fields.specs ?? {}) },
    };
    return {
      ...structured,
      name: fields.name,
      description: fields.description,
      voltageMin: fields.voltageMin ?? null,
      voltageMax: fields.voltageMax ?? null,
      currentMax: fields.currentMax ?? null,
      datasheetUrl: fields.datasheetUrl ?? null,
      searchText: partSearchText(structured),
    };
  }

  protected fieldsOf(row: PartEntity): CreatePartDto {
    return {
      name: row.name,
      category: row.category,
      manufacturer: row.manufacturer,
      description: row.description ?? '',
      voltageMin: row.voltageMin,
      voltageMax: row.voltageMax,
      currentMax: row.currentMax,
      interface: row.interface,
      pinout: row.pinout,
      specs: row.specs,
      datasheetUrl: row.datasheetUrl,
    };
  }

  protected assertConsistent(merged: PartEntity): void {
    if (
      merged.voltageMin !== null &&
      merged.voltageMax !== null &&
      merged.voltageMin > merged.voltageMax
    ) {
      throw AppError.validation('voltageMin', 'voltageMin must not exceed voltageMax');
    }
  }
}
