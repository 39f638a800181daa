import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/pagination/pagination.dto';
import {
  NAVIGATION_ALGORITHMS,
  type NavigationAlgorithm,
} from '../entities/navigation-module.entity';
import { WaypointDto } from './waypoint.dto';

export class NavigationResponseDto {
  @ApiProperty({ format: 'uuid', example: '7f1c3a58-2f3e-4b8e-9d7a-0d6f1b2c3d4e' })
  id!: string;

  @ApiProperty({ example: 'warehouse-loop' })
  name!: string;

  @ApiProperty({ example: 'Patrol loop around aisle 3', nullable: true, type: String })
  description!: string | null;

  @ApiProperty({ enum: NAVIGATION_ALGORITHMS, example: 'a_star' })
  algorithm!: NavigationAlgorithm;

  @ApiProperty({ example: 1.2 })
  maxSpeed!: number;

  @ApiProperty({ example: 0.25 })
  goalTolerance!: number;

  @ApiProperty({ type: [WaypointDto] })
  waypoints!: WaypointDto[];

  @ApiProperty({ example: true })
  enabled!: boolean;

  @ApiProperty({ description: 'Increments on every write; the ETag carries it', example: 1 })
  version!: number;

  @ApiProperty({ example: '2026-11-25T10:30:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-25T10:30:00.000Z' })
  updatedAt!: string;
}

export class NavigationPageDto extends PageMetaDto {
  @ApiProperty({ type: [NavigationResponseDto] })
  items!: NavigationResponseDto[];
}
