import { Column, Entity, Index } from 'typeorm';
import { CatalogRecordEntity } from '../../database/catalog-record.entity';

export const NAVIGATION_ALGORITHMS = ['a_star', 'dijkstra', 'rrt', 'dwa', 'pure_pursuit'] as const;
export type NavigationAlgorithm = (typeof NAVIGATION_ALGORITHMS)[number];

export interface Waypoint {
  x: number;
  y: number;
  heading?: number;
}

@Entity('navigation_modules')
@Index('idx_navigation_modules_enabled', ['enabled'])
export class NavigationModuleEntity extends CatalogRecordEntity {
  @Column({ type: 'varchar', length: 32 })
  algorithm!: NavigationAlgorithm;

  @Column({ type: 'double precision', name: 'max_speed' })
  maxSpeed!: number;

  @Column({ type: 'double precision', name: 'goal_tolerance' })
  goalTolerance!: number;

  @Column({ type: 'simple-json' })
  waypoints!: Waypoint[];
}
