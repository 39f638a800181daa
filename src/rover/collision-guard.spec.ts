import type { CollisionAvoidanceRepository } from '../collision-avoidance/collision-avoidance.repository';
import type { CollisionAvoidanceModuleEntity } from '../collision-avoidance/entities/collision-avoidance-module.entity';
import { AppError } from '../common/errors/app-error';
import { CollisionGuard } from './collision-guard';
import { Subject } from 'rxjs';
import type { RoverReadings } from './rover-readings';
import { normaliseAxis } from './rover.service';

function moduleOf(fields: Partial<CollisionAvoidanceModuleEntity>): CollisionAvoidanceModuleEntity {
  return {
    name: 'front',
    minDistance: 0.5,
    detectionRange: 3,
    reaction: 'stop',
    slowdownFactor: null,
    ...fields,
  } as CollisionAvoidanceModuleEntity;
}

/** A guard loaded with `modules`; `admit` resolves once it has read them, as after boot. */
function guardWith(
  modules: CollisionAvoidanceModuleEntity[],
  distance: number | null | undefined,
): { admit(forward: number): Promise<number> } {
  const repository = {
    findEnabled: () => Promise.resolve(modules),
    changed$: new Subject<void>(),
  } as unknown as CollisionAvoidanceRepository;
  const readings = { freshObstacleDistance: distance } as unknown as RoverReadings;
  const guard = new CollisionGuard(repository, readings);
  // Loaded once, then its refresh timer stopped: these cases are about the rule, not the reload.
  const ready = guard.onModuleInit().then(() => guard.onModuleDestroy());
  return { admit: (forward) => ready.then(() => guard.admit(forward)) };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : 'unexpected';
  }
}

describe(CollisionGuard.name, () => {
  it('should refuse forward motion inside the minDistance of a stop module', async () => {
    expect(await codeOf(guardWith([moduleOf({})], 0.3).admit(0.5))).toBe('collision_risk');
  });

  it('should allow forward motion beyond the minDistance', async () => {
    await expect(guardWith([moduleOf({})], 0.6).admit(0.5)).resolves.toBe(0.5);
  });

  it('should always allow reverse and turning on the spot, however close the obstacle', async () => {
    const guard = guardWith([moduleOf({})], 0.01);
    await expect(guard.admit(-0.5)).resolves.toBe(-0.5);
    await expect(guard.admit(0)).resolves.toBe(0);
  });

  it('should scale forward by the slowdownFactor of a slow module, to 2 decimals', async () => {
    const guard = guardWith(
      [moduleOf({ reaction: 'slow', slowdownFactor: 0.5, minDistance: 1 })],
      0.8,
    );
    await expect(guard.admit(0.55)).resolves.toBe(0.28);
  });

  it('should let a stop module win over a slow one', async () => {
    const modules = [
      moduleOf({ reaction: 'slow', slowdownFactor: 0.5, minDistance: 1 }),
      moduleOf({ minDistance: 0.9 }),
    ];
    expect(await codeOf(guardWith(modules, 0.8).admit(0.5))).toBe('collision_risk');
  });

  it('should refuse a steer module like a stop: the server cannot plan a way round', async () => {
    expect(await codeOf(guardWith([moduleOf({ reaction: 'steer' })], 0.3).admit(0.5))).toBe(
      'collision_risk',
    );
  });

  it('should refuse forward motion when there is no fresh obstacle reading and a module is enabled', async () => {
    expect(await codeOf(guardWith([moduleOf({})], undefined).admit(0.5))).toBe('collision_risk');
  });

  it('should allow forward motion when nothing is in range, or no module is enabled', async () => {
    await expect(guardWith([moduleOf({})], null).admit(0.5)).resolves.toBe(0.5);
    await expect(guardWith([], undefined).admit(0.5)).resolves.toBe(0.5);
  });
});

describe('normaliseAxis', () => {
  it.each([
    [0.009, 0],
    [-0.009, 0],
    [0.01, 0.01],
    [0.123, 0.12],
    [-0.125, -0.13],
    [1, 1],
  ])('should turn %p into %p', (input, expected) => {
    expect(normaliseAxis(input)).toBeCloseTo(expected, 10);
  });
});
