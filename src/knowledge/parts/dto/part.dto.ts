import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { CatalogName } from '../../../common/catalog/catalog-name.decorator';
import { PageMetaDto } from '../../../common/pagination/pagination.dto';
import { IsPlainText } from '../../../common/validation/clean-text.decorators';
import { PART_CATEGORIES, type PartCategory } from '../../seed/seed-types';

const FINITE = { allowNaN: false, allowInfinity: false } as const;
const MAX_SPECS = 40;

export class PinDto {
  @ApiProperty({ example: 'TRIG', maxLength: 20 })
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  @IsPlainText()
  pin!: string;

  @ApiProperty({
    example: 'Trigger input: a 10 µs high pulse starts a measurement',
    maxLength: 200,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsPlainText()
  function!: string;
}

/** A flat map of short strings: { "range": "2-400 cm" }. */
function IsSpecMap(): PropertyDecorator {
  return ValidateBy({
    name: 'isSpecMap',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length <= MAX_SPECS &&
        Object.entries(value).every(
          ([key, text]) =>
            key.length >= 1 &&
            key.length <= 60 &&
            typeof text === 'string' &&
            text.length >= 1 &&
            text.length <= 200,
        ),
      defaultMessage: (args) =>
        `${args?.property} must be an object of at most ${MAX_SPECS} entries, each a key of 1-60 characters and a string value of 1-200 characters`,
    },
  });
}

export class CreatePartDto {
  @CatalogName('HC-SR04')
  name!: string;

  @ApiProperty({ enum: PART_CATEGORIES, example: 'sensor' })
  @IsIn(PART_CATEGORIES)
  category!: PartCategory;

  @ApiPropertyOptional({ example: 'Elecfreaks', maxLength: 100, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsPlainText()
  manufacturer?: string | null;

  @ApiProperty({ example: 'Ultrasonic distance sensor, 2-400 cm, 5V', maxLength: 1000 })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @IsPlainText()
  description!: string;

  @ApiPropertyOptional({
    description: 'V, in [0, 1000]',
    example: 4.5,
    nullable: true,
    type: Number,
  })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1000)
  voltageMin?: number | null;

  @ApiPropertyOptional({
    description: 'V, in [0, 1000]',
    example: 5.5,
    nullable: true,
    type: Number,
  })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1000)
  voltageMax?: number | null;

  @ApiPropertyOptional({
    description: 'A, in [0, 1000]',
    example: 0.015,
    nullable: true,
    type: Number,
  })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1000)
  currentMax?: number | null;

  @ApiPropertyOptional({
    example: 'GPIO (trigger/echo)',
    maxLength: 60,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  @IsPlainText()
  interface?: string | null;

  @ApiPropertyOptional({ type: [PinDto], maxItems: 200, default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true, message: 'each pin must be an object' })
  @ValidateNested({ each: true })
  @Type(() => PinDto)
  pinout?: PinDto[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { range: '2-400 cm', resolution: '3 mm' },
    default: {},
  })
  @IsOptional()
  @IsSpecMap()
  specs?: Record<string, string>;

  @ApiPropertyOptional({
    example: 'https://cdn.sparkfun.com/datasheets/Sensors/Proximity/HCSR04.pdf',
    maxLength: 500,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @MaxLength(500)
  @IsUrl(
    { protocols: ['https'], require_protocol: true, require_tld: true },
    { message: 'datasheetUrl must be an https URL' },
  )
  datasheetUrl?: string | null;
}

export class PatchPartDto extends PartialType(CreatePartDto, { skipNullProperties: false }) {}

export class PartResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'HC-SR04' })
  name!: string;
  @ApiProperty({ enum: PART_CATEGORIES })
  category!: PartCategory;
  @ApiProperty({ nullable: true, type: String })
  manufacturer!: string | null;
  @ApiProperty({ type: String })
  description!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'V' })
  voltageMin!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'V' })
  voltageMax!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'A' })
  currentMax!: number | null;
  @ApiProperty({ nullable: true, type: String })
  interface!: string | null;
  @ApiProperty({ type: [PinDto] })
  pinout!: PinDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  specs!: Record<string, string>;
  @ApiProperty({ nullable: true, type: String })
  datasheetUrl!: string | null;
  @ApiProperty({ description: 'Increments on every write; the ETag carries it', example: 1 })
  version!: number;
  @ApiProperty({ example: '2026-12-01T10:30:00.000Z' })
  createdAt!: string;
  @ApiProperty({ example: '2026-12-01T10:30:00.000Z' })
  updatedAt!: string;
}

export class PartPageDto extends PageMetaDto {
  @ApiProperty({ type: [PartResponseDto] })
  items!: PartResponseDto[];
}
