import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional.decorators';

const FINITE = { allowNaN: false, allowInfinity: false } as const;

export class WaypointDto {
  @ApiProperty({ description: 'metres', example: 2.5 })
  @IsNumber(FINITE)
  @Min(-1_000_000)
  @Max(1_000_000)
  x!: number;

  @ApiProperty({ description: 'metres', example: -1 })
  @IsNumber(FINITE)
  @Min(-1_000_000)
  @Max(1_000_000)
  y!: number;

  @ApiPropertyOptional({ description: 'radians, in [-π, π]', example: 1.57 })
  @IsOptionalNotNull()
  @IsNumber(FINITE)
  @Min(-Math.PI)
  @Max(Math.PI)
  heading?: number;
}
