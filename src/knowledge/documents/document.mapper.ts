import type { DocumentResponseDto, DocumentSummaryDto } from './dto/document.dto';
import type { DocumentEntity } from './document.entity';

export function toDocumentSummary(row: DocumentEntity): DocumentSummaryDto {
  return {
    id: row.id,
    title: row.name,
    category: row.category,
    summary: row.description ?? '',
    partNames: [...row.partNames],
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toDocumentResponse(row: DocumentEntity): DocumentResponseDto {
  return { ...toDocumentSummary(row), body: row.body };
}
