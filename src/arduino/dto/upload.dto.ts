import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional.decorators';
import { BOARD_FQBNS } from '../boards';

export class UploadRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A compilation of this server' })
  @IsOptionalNotNull()
  @IsUUID('4', { message: 'compilation_id must be the UUID a compile answered' })
  compilation_id?: string;

  @ApiPropertyOptional({
    description: 'The binary_path a compile answered (`<compilation_id>/sketch.ino.hex`)',
    example: '3f2504e0-4f89-4d94-8c7b-1a2b3c4d5e6f/sketch.ino.hex',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  @Matches(
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\/sketch\.ino\.hex$/,
    {
      message: 'binary_path must be the binary_path a compile of this server answered',
    },
  )
  binary_path?: string;

  @ApiProperty({ example: '/dev/ttyACM0', description: 'One of GET /api/arduino/ports' })
  @IsString()
  @MaxLength(4096)
  @Matches(/^\/[\w./-]+$/, {
    message: 'port must be a serial port path from GET /api/arduino/ports',
  })
  port!: string;

  @ApiPropertyOptional({ enum: BOARD_FQBNS, default: 'arduino:avr:uno' })
  @IsOptionalNotNull()
  @IsIn(BOARD_FQBNS, { message: `board must be one of ${BOARD_FQBNS.join(', ')}` })
  board: string = 'arduino:avr:uno';
}

export class BoardInfoDto {
  @ApiProperty({ example: 'Arduino Uno' }) name!: string;
  @ApiProperty({ example: 'arduino:avr:uno' }) fqbn!: string;
  @ApiProperty({ example: '2341', nullable: true, type: String }) vid!: string | null;
  @ApiProperty({ example: '0043', nullable: true, type: String }) pid!: string | null;
}

/** Seed 001's shape. */
export class UploadResultDto {
  @ApiProperty({ example: 'uploaded' }) status!: 'uploaded';
  @ApiProperty({ example: '/dev/ttyACM0' }) port!: string;
  @ApiProperty({ example: 2.5, description: 's' }) upload_time!: number;
  @ApiProperty({ type: BoardInfoDto }) board_info!: BoardInfoDto;
  @ApiProperty({ format: 'uuid' }) compilation_id!: string;
  @ApiProperty({ description: "avrdude's output" }) output!: string;
}
