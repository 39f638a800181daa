import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/pagination/pagination.dto';
import {
  COLLISION_REACTIONS,
  type CollisionReaction,
  SENSOR_TYPES,
  type SensorType,
} from '../entities/collision-avoidance-module.entity';

export class CollisionAvoidanceResponseDto {
  @ApiProperty({ format: 'uuid', example: '0c4f9e2a-5d7b-4c1e-8f3a-6b2d9e0f1a2b' })
  id!: string;

  @ApiProperty({ example: 'front-ultrasonic' })
  name!: string;

  @ApiProperty({ example: 'HC-SR04 on the front bumper', nullable: true, type: String })
  description!: string | null;

  @ApiProperty({ enum: SENSOR_TYPES, example: 'ultrasonic' })
  sensorType!: SensorType;

  @ApiProperty({ example: 0.3 })
  minDistance!: number;

  @ApiProperty({ example: 4 })
  detectionRange!: number;

  @ApiProperty({ enum: COLLISION_REACTIONS, example: 'slow' })
  reaction!: CollisionReaction;

  @ApiProperty({ example: 0.5, nullable: true, type: Number })
  slowdownFactor!: number | null;

  @ApiProperty({ example: true })
  enabled!: boolean;

  @ApiProperty({ description: 'Increments on every write; the ETag carries it', example: 1 })
  version!: number;

  @ApiProperty({ example: '2026-11-25T10:30:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-25T10:30:00.000Z' })
  updatedAt!: string;
}

export class CollisionAvoidancePageDto extends PageMetaDto {
  @ApiProperty({ type: [CollisionAvoidanceResponseDto] })
  items!: CollisionAvoidanceResponseDto[];
}
