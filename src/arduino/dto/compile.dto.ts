import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsPlainText } from '../../common/validation/clean-text.decorators';
import { IsOptionalNotNull } from '../../common/validation/optional.decorators';
import { BOARD_FQBNS } from '../boards';
import type { CompileDiagnostic } from '../compile/compile-output';

export const SKETCH_MAX_LENGTH = 256 * 1024;

export class CompileRequestDto {
  @ApiProperty({
    description: 'The sketch (one .ino file)',
    example:
      'void setup() { pinMode(LED_BUILTIN, OUTPUT); }\nvoid loop() { digitalWrite(LED_BUILTIN, HIGH); delay(500); digitalWrite(LED_BUILTIN, LOW); delay(500); }',
    maxLength: SKETCH_MAX_LENGTH,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(SKETCH_MAX_LENGTH)
  @IsPlainText()
  code!: string;

  @ApiPropertyOptional({ enum: BOARD_FQBNS, default: 'arduino:avr:uno' })
  @IsOptionalNotNull()
  @IsIn(BOARD_FQBNS, { message: `board must be one of ${BOARD_FQBNS.join(', ')}` })
  board: string = 'arduino:avr:uno';

  @ApiPropertyOptional({
    type: [String],
    description: 'Libraries the sketch includes; each must be installed with the toolchain',
    example: ['Wire', 'SPI'],
    default: [],
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, {
    each: true,
    message: 'each library must be a library name (letters, digits, _ . -)',
  })
  libraries: string[] = [];
}

export class CompileSizesDto {
  @ApiProperty({ example: 1970 }) programBytes!: number;
  @ApiProperty({ example: 32256 }) programMaxBytes!: number;
  @ApiProperty({ example: 194, nullable: true, type: Number }) dataBytes!: number | null;
  @ApiProperty({ example: 2048, nullable: true, type: Number }) dataMaxBytes!: number | null;
}

export class DiagnosticDto implements CompileDiagnostic {
  @ApiProperty({ example: 'sketch.ino' }) file!: string;
  @ApiProperty({ example: 2 }) line!: number;
  @ApiProperty({ example: 11, nullable: true, type: Number }) column!: number | null;
  @ApiProperty({ enum: ['error', 'warning', 'note'] }) severity!: CompileDiagnostic['severity'];
  @ApiProperty({ example: "expected primary-expression before ';' token" }) message!: string;
}

/** Seed 001's shape (snake_case where it spells it), plus sizes and timing. */
export class CompileResultDto {
  @ApiProperty({ example: 'success' }) status!: 'success';
  @ApiProperty({ format: 'uuid' }) compilation_id!: string;
  @ApiProperty({ example: 'Sketch uses 1970 bytes (6%) of program storage space. ...' })
  output!: string;
  @ApiProperty({ type: [DiagnosticDto] }) warnings!: DiagnosticDto[];
  @ApiProperty({
    description: "The artifact, relative to the server's store; upload takes it or compilation_id",
    example: '3f2504e0-4f89-4d94-8c7b-1a2b3c4d5e6f/sketch.ino.hex',
  })
  binary_path!: string;
  @ApiProperty({ example: 'arduino:avr:uno' }) board!: string;
  @ApiProperty({ type: CompileSizesDto, nullable: true }) sizes!: CompileSizesDto | null;
  @ApiProperty({ example: 'arduino-builder' }) toolchain!: string;
  @ApiProperty({ example: 1.2, description: 's' }) compile_time!: number;
}
