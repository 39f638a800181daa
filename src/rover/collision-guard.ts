import { Injectable } from '@nestjs/common';
import { CollisionAvoidanceRepository } from '../collision-avoidance/collision-avoidance.repository';
import { AppError } from '../common/errors/app-error';
import { RoverStateStore } from './rover-state.store';

/**
 * Enforces the enabled collision-avoidance modules on forward motion (API.md §3). Below a module's
 * minDistance: `stop` refuses the command, `slow` scales the forward speed by its slowdownFactor, and
 * `steer` refuses too, since the server cannot plan a way round. Reverse and turning on the spot are
 * always allowed: they move away from what the forward sensor sees.
 */
@Injectable()
export class CollisionGuard {
  constructor(
    private readonly modules: CollisionAvoidanceRepository,
    private readonly state: RoverStateStore,
  ) {}

  /** Returns the forward speed to execute, or throws collision_risk. */
  async admit(forward: number): Promise<number> {
    if (forward <= 0) return forward;
    const enabled = await this.modules.findEnabled();
    if (enabled.length === 0) return forward;
    const distance = this.state.freshObstacleDistance;
    if (distance === undefined) {
      throw new AppError(
        'collision_risk',
        'No recent obstacle reading from the rover; forward motion refused',
      );
    }
    if (distance === null) return forward;
    let admitted = forward;
    for (const module of enabled) {
      if (distance >= module.minDistance) continue;
      if (module.reaction === 'slow') {
        admitted = Math.min(admitted, forward * (module.slowdownFactor ?? 0));
      } else {
        throw new AppError(
          'collision_risk',
          `Obstacle at ${distance.toFixed(2)} m, inside the ${module.minDistance} m of '${module.name}'; forward motion refused`,
        );
      }
    }
    return Math.round(admitted * 100) / 100;
  }
}
