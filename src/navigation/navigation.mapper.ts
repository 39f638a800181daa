import type { NavigationResponseDto } from './dto/navigation-response.dto';
import type { NavigationModuleEntity } from './entities/navigation-module.entity';

export function toNavigationResponse(row: NavigationModuleEntity): NavigationResponseDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    algorithm: row.algorithm,
    maxSpeed: row.maxSpeed,
    goalTolerance: row.goalTolerance,
    waypoints: row.waypoints.map((w) =>
      w.heading === undefined ? { x: w.x, y: w.y } : { x: w.x, y: w.y, heading: w.heading },
    ),
    enabled: row.enabled,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
