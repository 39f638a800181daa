import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../../database/column-types';

export const NAVIGATION_ALGORITHMS = ['a_star', 'dijkstra', 'rrt', 'dwa', 'pure_pursuit'] as const;
export type NavigationAlgorithm = (typeof NAVIGATION_ALGORITHMS)[number];

export interface Waypoint {
  x: number;
  y: number;
  heading?: number;
}

@Entity('navigation_modules')
@Index('idx_navigation_modules_enabled', ['enabled'])
export class NavigationModuleEntity {
  @PrimaryColumn(UUID)
  id!: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 32 })
  algorithm!: NavigationAlgorithm;

  @Column({ type: 'double precision', name: 'max_speed' })
  maxSpeed!: number;

  @Column({ type: 'double precision', name: 'goal_tolerance' })
  goalTolerance!: number;

  @Column({ type: 'simple-json' })
  waypoints!: Waypoint[];

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ ...TIMESTAMP, name: 'created_at' })
  createdAt!: Date;

  @Column({ ...TIMESTAMP, name: 'updated_at' })
  updatedAt!: Date;
}
