import { Column, Entity, Index } from 'typeorm';
import { CatalogRecordEntity } from '../../database/catalog-record.entity';

export const SENSOR_TYPES = ['ultrasonic', 'lidar', 'infrared', 'bumper', 'camera'] as const;
export type SensorType = (typeof SENSOR_TYPES)[number];

export const COLLISION_REACTIONS = ['stop', 'slow', 'steer'] as const;
export type CollisionReaction = (typeof COLLISION_REACTIONS)[number];

@Entity('collision_avoidance_modules')
@Index('idx_collision_avoidance_modules_enabled', ['enabled'])
export class CollisionAvoidanceModuleEntity extends CatalogRecordEntity {
  @Column({ type: 'varchar', length: 32, name: 'sensor_type' })
  sensorType!: SensorType;

  @Column({ type: 'double precision', name: 'min_distance' })
  minDistance!: number;

  @Column({ type: 'double precision', name: 'detection_range' })
  detectionRange!: number;

  @Column({ type: 'varchar', length: 16 })
  reaction!: CollisionReaction;

  /** Only meaningful with reaction `slow`: the speed factor applied inside the detection range. */
  @Column({ type: 'double precision', name: 'slowdown_factor', nullable: true })
  slowdownFactor!: number | null;
}
