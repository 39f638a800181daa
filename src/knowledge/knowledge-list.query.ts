import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { NamedListQueryDto } from '../common/catalog/catalog-list.query';
import { IsOptionalNotNull } from '../common/validation/optional.decorators';
import {
  DOCUMENT_CATEGORIES,
  type DocumentCategory,
  PART_CATEGORIES,
  type PartCategory,
} from './seed/seed-types';

export class PartListQueryDto extends NamedListQueryDto {
  @ApiPropertyOptional({ enum: PART_CATEGORIES, example: 'sensor' })
  @IsOptionalNotNull()
  @IsIn(PART_CATEGORIES, { message: `category must be one of ${PART_CATEGORIES.join(', ')}` })
  category?: PartCategory;
}

export class DocumentListQueryDto extends NamedListQueryDto {
  @ApiPropertyOptional({ enum: DOCUMENT_CATEGORIES, example: 'wiring-guide' })
  @IsOptionalNotNull()
  @IsIn(DOCUMENT_CATEGORIES, {
    message: `category must be one of ${DOCUMENT_CATEGORIES.join(', ')}`,
  })
  category?: DocumentCategory;
}
