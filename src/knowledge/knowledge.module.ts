import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { KNOWLEDGE_CACHE_METRIC, KnowledgeCache } from './cache/knowledge-cache';
import { CalculatorsController } from './calculators/calculators.controller';
import { CalculatorsService } from './calculators/calculators.service';
import { DocumentEntity } from './documents/document.entity';
import { DocumentsController } from './documents/documents.controller';
import { DocumentsRepository } from './documents/documents.repository';
import { DocumentsService } from './documents/documents.service';
import { PartEntity } from './parts/part.entity';
import { PartsController } from './parts/parts.controller';
import { PartsRepository } from './parts/parts.repository';
import { PartsService } from './parts/parts.service';
import { KnowledgeSearchIndex } from './search/knowledge-search-index';
import { KnowledgeSearchService } from './search/knowledge-search.service';
import { PostgresKnowledgeSearch } from './search/postgres-knowledge-search';
import { SearchController } from './search/search.controller';
import { SqliteKnowledgeSearch } from './search/sqlite-knowledge-search';

@Module({
  imports: [TypeOrmModule.forFeature([PartEntity, DocumentEntity])],
  // The search route is declared before the parts and documents so `/knowledge/search` is never
  // read as an id.
  controllers: [CalculatorsController, SearchController, PartsController, DocumentsController],
  providers: [
    CalculatorsService,
    PartsRepository,
    PartsService,
    DocumentsRepository,
    DocumentsService,
    KnowledgeCache,
    KNOWLEDGE_CACHE_METRIC,
    KnowledgeSearchService,
    SqliteKnowledgeSearch,
    PostgresKnowledgeSearch,
    {
      provide: KnowledgeSearchIndex,
      inject: [AppConfig, SqliteKnowledgeSearch, PostgresKnowledgeSearch],
      useFactory: (
        config: AppConfig,
        sqlite: SqliteKnowledgeSearch,
        postgres: PostgresKnowledgeSearch,
      ): KnowledgeSearchIndex => (config.database.kind === 'postgres' ? postgres : sqlite),
    },
  ],
  exports: [KnowledgeSearchService, PartsService, DocumentsService],
})
export class KnowledgeModule {}
