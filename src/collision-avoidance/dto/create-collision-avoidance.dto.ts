import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CatalogName } from '../../common/catalog/catalog-name.decorator';
import { IsWellFormedText } from '../../common/validation/clean-text.decorators';
import {
  COLLISION_REACTIONS,
  type CollisionReaction,
  SENSOR_TYPES,
  type SensorType,
} from '../entities/collision-avoidance-module.entity';

const FINITE = { allowNaN: false, allowInfinity: false } as const;

export class CreateCollisionAvoidanceDto {
  @CatalogName('front-ultrasonic')
  name!: string;

  @ApiPropertyOptional({ example: 'HC-SR04 on the front bumper', maxLength: 1000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @IsWellFormedText()
  description?: string | null;

  @ApiProperty({ enum: SENSOR_TYPES, example: 'ultrasonic' })
  @IsIn(SENSOR_TYPES)
  sensorType!: SensorType;

  @ApiProperty({ description: 'metres, > 0: closer than this the reaction applies', example: 0.3 })
  @IsNumber(FINITE)
  @IsPositive()
  @Max(100)
  minDistance!: number;

  @ApiProperty({ description: 'metres, > minDistance and <= 100', example: 4 })
  @IsNumber(FINITE)
  @IsPositive()
  @Max(100)
  detectionRange!: number;

  @ApiProperty({ enum: COLLISION_REACTIONS, example: 'stop' })
  @IsIn(COLLISION_REACTIONS)
  reaction!: CollisionReaction;

  @ApiPropertyOptional({
    description: 'Speed factor in [0, 1]; required with reaction "slow", not allowed otherwise',
    example: 0.5,
    nullable: true,
  })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1)
  slowdownFactor?: number | null;

  @ApiProperty({ example: true })
  @IsBoolean()
  enabled!: boolean;
}
