import { Injectable } from '@nestjs/common';
import { CatalogService } from '../common/catalog/catalog.service';
import { Clock } from '../common/clock/clock';
import { AppError, type FieldError } from '../common/errors/app-error';
import { toCollisionAvoidanceResponse } from './collision-avoidance.mapper';
import { CollisionAvoidanceRepository } from './collision-avoidance.repository';
import type { CollisionAvoidanceResponseDto } from './dto/collision-avoidance-response.dto';
import type { CreateCollisionAvoidanceDto } from './dto/create-collision-avoidance.dto';
import type { CollisionAvoidanceModuleEntity } from './entities/collision-avoidance-module.entity';

@Injectable()
export class CollisionAvoidanceService extends CatalogService<
  CollisionAvoidanceModuleEntity,
  CreateCollisionAvoidanceDto,
  CollisionAvoidanceResponseDto
> {
  constructor(repository: CollisionAvoidanceRepository, clock: Clock) {
    super(repository, clock, 'Collision-avoidance module');
  }

  protected toResponse(row: CollisionAvoidanceModuleEntity): CollisionAvoidanceResponseDto {
    return toCollisionAvoidanceResponse(row);
  }

  protected toRow(fields: CreateCollisionAvoidanceDto) {
    return {
      name: fields.name,
      description: fields.description ?? null,
      sensorType: fields.sensorType,
      minDistance: fields.minDistance,
      detectionRange: fields.detectionRange,
      reaction: fields.reaction,
      slowdownFactor: fields.slowdownFactor ?? null,
      enabled: fields.enabled,
    };
  }

  protected fieldsOf(row: CollisionAvoidanceModuleEntity): CreateCollisionAvoidanceDto {
    return {
      name: row.name,
      description: row.description,
      sensorType: row.sensorType,
      minDistance: row.minDistance,
      detectionRange: row.detectionRange,
      reaction: row.reaction,
      slowdownFactor: row.slowdownFactor,
      enabled: row.enabled,
    };
  }

  /** Checked on the merged record, so a PATCH of one field cannot break the pair it belongs to. */
  protected assertConsistent(row: CollisionAvoidanceModuleEntity): void {
    const problems: FieldError[] = [];
    if (!(row.detectionRange > row.minDistance)) {
      problems.push({
        field: 'detectionRange',
        messages: ['detectionRange must be greater than minDistance'],
      });
    }
    if (row.reaction === 'slow' && row.slowdownFactor === null) {
      problems.push({
        field: 'slowdownFactor',
        messages: ['slowdownFactor is required when reaction is "slow"'],
      });
    }
    if (row.reaction !== 'slow' && row.slowdownFactor !== null) {
      problems.push({
        field: 'slowdownFactor',
        messages: ['slowdownFactor applies only when reaction is "slow"; send null to clear it'],
      });
    }
    if (problems.length > 0) throw new AppError('validation_failed', 'Validation failed', problems);
  }
}
