import type { CollisionAvoidanceResponseDto } from './dto/collision-avoidance-response.dto';
import type { CollisionAvoidanceModuleEntity } from './entities/collision-avoidance-module.entity';

export function toCollisionAvoidanceResponse(
  row: CollisionAvoidanceModuleEntity,
): CollisionAvoidanceResponseDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    sensorType: row.sensorType,
    minDistance: row.minDistance,
    detectionRange: row.detectionRange,
    reaction: row.reaction,
    slowdownFactor: row.slowdownFactor,
    enabled: row.enabled,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
