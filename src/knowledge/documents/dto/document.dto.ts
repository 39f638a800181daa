import { ApiProperty, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { CATALOG_NAME_MAX_LENGTH } from '../../../common/catalog/catalog-name.decorator';
import { PageMetaDto } from '../../../common/pagination/pagination.dto';
import { IsCleanName, IsPlainText } from '../../../common/validation/clean-text.decorators';
import { DOCUMENT_CATEGORIES, type DocumentCategory } from '../../seed/seed-types';

export const DOCUMENT_BODY_MAX_LENGTH = 100_000;

export class CreateDocumentDto {
  @ApiProperty({
    description: 'Stored trimmed and in NFC; unique ignoring case',
    example: 'Wiring the HC-SR04 ultrasonic sensor',
    maxLength: CATALOG_NAME_MAX_LENGTH,
  })
  @IsCleanName({ maxLength: CATALOG_NAME_MAX_LENGTH })
  title!: string;

  @ApiProperty({ enum: DOCUMENT_CATEGORIES, example: 'wiring-guide' })
  @IsIn(DOCUMENT_CATEGORIES)
  category!: DocumentCategory;

  @ApiProperty({
    example: 'Power, trigger and echo pins, and the divider a 3.3V board needs',
    maxLength: 1000,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @IsPlainText()
  summary!: string;

  @ApiProperty({ description: 'Markdown', maxLength: DOCUMENT_BODY_MAX_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(DOCUMENT_BODY_MAX_LENGTH)
  @IsPlainText()
  body!: string;

  @ApiProperty({
    description: 'Names of the parts the document uses',
    type: [String],
    maxItems: 50,
    example: ['HC-SR04', 'Arduino Uno R3'],
    default: [],
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsCleanName({ maxLength: CATALOG_NAME_MAX_LENGTH, each: true })
  partNames: string[] = [];
}

export class PatchDocumentDto extends PartialType(CreateDocumentDto, {
  skipNullProperties: false,
}) {}

export class DocumentSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty({ enum: DOCUMENT_CATEGORIES })
  category!: DocumentCategory;
  @ApiProperty()
  summary!: string;
  @ApiProperty({ type: [String] })
  partNames!: string[];
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2026-12-01T10:30:00.000Z' })
  createdAt!: string;
  @ApiProperty({ example: '2026-12-01T10:30:00.000Z' })
  updatedAt!: string;
}

export class DocumentResponseDto extends DocumentSummaryDto {
  @ApiProperty({ description: 'Markdown' })
  body!: string;
}

export class DocumentPageDto extends PageMetaDto {
  @ApiProperty({ type: [DocumentSummaryDto], description: 'Without bodies; GET one for its body' })
  items!: DocumentSummaryDto[];
}
