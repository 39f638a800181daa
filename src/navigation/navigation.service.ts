import { Injectable } from '@nestjs/common';
import { CatalogService } from '../common/catalog/catalog.service';
import { Clock } from '../common/clock/clock';
import type { CreateNavigationDto } from './dto/create-navigation.dto';
import type { NavigationResponseDto } from './dto/navigation-response.dto';
import type { NavigationModuleEntity } from './entities/navigation-module.entity';
import { toNavigationResponse } from './navigation.mapper';
import { NavigationRepository } from './navigation.repository';

@Injectable()
export class NavigationService extends CatalogService<
  NavigationModuleEntity,
  CreateNavigationDto,
  NavigationResponseDto
> {
  constructor(repository: NavigationRepository, clock: Clock) {
    super(repository, clock, 'Navigation module');
  }

  protected toResponse(row: NavigationModuleEntity): NavigationResponseDto {
    return toNavigationResponse(row);
  }

  protected toRow(fields: CreateNavigationDto) {
    return {
      name: fields.name,
      description: fields.description ?? null,
      algorithm: fields.algorithm,
      maxSpeed: fields.maxSpeed,
      goalTolerance: fields.goalTolerance,
      waypoints: fields.waypoints.map((w) => ({
        x: w.x,
        y: w.y,
        ...(w.heading === undefined ? {} : { heading: w.heading }),
      })),
      enabled: fields.enabled,
    };
  }

  protected fieldsOf(row: NavigationModuleEntity): CreateNavigationDto {
    return {
      name: row.name,
      description: row.description,
      algorithm: row.algorithm,
      maxSpeed: row.maxSpeed,
      goalTolerance: row.goalTolerance,
      waypoints: row.waypoints,
      enabled: row.enabled,
    };
  }

  /** Every field's bounds are checked by the DTO; navigation has no cross-field rules. */
  protected assertConsistent(): void {}
}
