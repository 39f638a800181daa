import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { CollisionAvoidanceRepository } from '../collision-avoidance/collision-avoidance.repository';
import type { CollisionAvoidanceModuleEntity } from '../collision-avoidance/entities/collision-avoidance-module.entity';
import { AppError } from '../common/errors/app-error';
import { RoverReadings } from './rover-readings';

/**
 * Another instance's edits arrive over Redis at once (CatalogChanges); this poll covers one lost
 * while Redis was away, and instances without Redis.
 */
const REFRESH_MS = 5000;

/**
 * Enforces the enabled collision-avoidance modules on forward motion (API.md §3). Below a module's
 * minDistance: `stop` refuses the command, `slow` scales the forward speed by its slowdownFactor, and
 * `steer` refuses too, since the server cannot plan a way round. Reverse and turning on the spot are
 * always allowed: they move away from what the forward sensor sees.
 *
 * The enabled modules are held in memory (reread on every write, here or announced by another instance, and every few seconds), so
 * a motion command never waits on the database before its frame leaves.
 */
@Injectable()
export class CollisionGuard implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('CollisionGuard');
  private enabled: readonly CollisionAvoidanceModuleEntity[] = [];
  private subscription?: Subscription;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly modules: CollisionAvoidanceRepository,
    private readonly readings: RoverReadings,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.subscription = this.modules.changed$.subscribe(() => void this.reload());
    this.timer = setInterval(() => void this.reload(), REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    clearInterval(this.timer);
  }

  /** Returns the forward speed to execute, or throws collision_risk. */
  admit(forward: number): number {
    if (forward <= 0) return forward;
    const enabled = this.enabled;
    if (enabled.length === 0) return forward;
    const distance = this.readings.freshObstacleDistance;
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

  private async reload(): Promise<void> {
    try {
      this.enabled = await this.modules.findEnabled();
    } catch (error) {
      // Keep the last known modules: forgetting them would let forward motion through unchecked.
      this.logger.warn(
        `Could not reread the collision-avoidance modules: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
