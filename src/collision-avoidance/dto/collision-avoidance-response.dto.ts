import { ApiProperty } from '@nestjs/swagger';
import { CatalogRecordResponseDto } from '../../common/catalog/catalog-record-response.dto';
import { PageMetaDto } from '../../common/pagination/pagination.dto';
import {
  COLLISION_REACTIONS,
  type CollisionReaction,
  SENSOR_TYPES,
  type SensorType,
} from '../entities/collision-avoidance-module.entity';

export class CollisionAvoidanceResponseDto extends CatalogRecordResponseDto {
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
}

export class CollisionAvoidancePageDto extends PageMetaDto {
  @ApiProperty({ type: [CollisionAvoidanceResponseDto] })
  items!: CollisionAvoidanceResponseDto[];
}
