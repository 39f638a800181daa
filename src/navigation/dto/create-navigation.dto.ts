import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  ValidateNested,
  IsPositive,
} from 'class-validator';
import { CatalogName } from '../../common/catalog/catalog-name.decorator';
import { IsWellFormedText } from '../../common/validation/clean-text.decorators';
import {
  NAVIGATION_ALGORITHMS,
  type NavigationAlgorithm,
} from '../entities/navigation-module.entity';
import { WaypointDto } from './waypoint.dto';

const FINITE = { allowNaN: false, allowInfinity: false } as const;

export class CreateNavigationDto {
  @CatalogName('warehouse-loop')
  name!: string;

  @ApiPropertyOptional({ example: 'Patrol loop around aisle 3', maxLength: 1000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @IsWellFormedText()
  description?: string | null;

  @ApiProperty({ enum: NAVIGATION_ALGORITHMS, example: 'a_star' })
  @IsIn(NAVIGATION_ALGORITHMS)
  algorithm!: NavigationAlgorithm;

  @ApiProperty({ description: 'm/s, in (0, 5]', example: 1.2 })
  @IsNumber(FINITE)
  @IsPositive()
  @Max(5)
  maxSpeed!: number;

  @ApiProperty({ description: 'metres, in (0, 10]', example: 0.25 })
  @IsNumber(FINITE)
  @IsPositive()
  @Max(10)
  goalTolerance!: number;

  @ApiProperty({
    type: [WaypointDto],
    maxItems: 1000,
    example: [
      { x: 0, y: 0 },
      { x: 2.5, y: -1, heading: 1.57 },
    ],
  })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsObject({ each: true, message: 'each waypoint must be an object' })
  @ValidateNested({ each: true })
  @Type(() => WaypointDto)
  waypoints!: WaypointDto[];

  @ApiProperty({ example: true })
  @IsBoolean()
  enabled!: boolean;
}
