import { ApiProperty } from '@nestjs/swagger';
import { CatalogRecordResponseDto } from '../../common/catalog/catalog-record-response.dto';
import { PageMetaDto } from '../../common/pagination/pagination.dto';
import {
  NAVIGATION_ALGORITHMS,
  type NavigationAlgorithm,
} from '../entities/navigation-module.entity';
import { WaypointDto } from './waypoint.dto';

export class NavigationResponseDto extends CatalogRecordResponseDto {
  @ApiProperty({ enum: NAVIGATION_ALGORITHMS, example: 'a_star' })
  algorithm!: NavigationAlgorithm;

  @ApiProperty({ example: 1.2 })
  maxSpeed!: number;

  @ApiProperty({ example: 0.25 })
  goalTolerance!: number;

  @ApiProperty({ type: [WaypointDto] })
  waypoints!: WaypointDto[];
}

export class NavigationPageDto extends PageMetaDto {
  @ApiProperty({ type: [NavigationResponseDto] })
  items!: NavigationResponseDto[];
}
