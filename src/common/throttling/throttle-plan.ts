import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type {
  ThrottlerGenerateKeyFunction,
  ThrottlerGetTrackerFunction,
  ThrottlerOptions,
} from '@nestjs/throttler';
import type { Resolvable } from '@nestjs/throttler/dist/throttler-module-options.interface';

// The metadata keys @nestjs/throttler's decorators write (its throttler.constants, which the
// package does not export); throttle-plan.spec.ts checks them against the decorators.
const SKIP = 'THROTTLER:SKIP';
const LIMIT = 'THROTTLER:LIMIT';
const TTL = 'THROTTLER:TTL';
const BLOCK_DURATION = 'THROTTLER:BLOCK_DURATION';
const TRACKER = 'THROTTLER:TRACKER';
const KEY_GENERATOR = 'THROTTLER:KEY_GENERATOR';

/** One named throttler as it applies to one handler: its decorators read once. */
export interface ThrottleStep {
  throttler: ThrottlerOptions & { name: string };
  /** @SkipThrottle for this throttler on the handler or its class. */
  skipped: boolean;
  skipIf?: (context: ExecutionContext) => boolean;
  limit: Resolvable<number>;
  ttl: Resolvable<number>;
  blockDuration?: Resolvable<number>;
  getTracker: ThrottlerGetTrackerFunction;
  generateKey: ThrottlerGenerateKeyFunction;
}

export interface ThrottleDefaults {
  skipIf?: (context: ExecutionContext) => boolean;
  getTracker: ThrottlerGetTrackerFunction;
  generateKey: ThrottlerGenerateKeyFunction;
}

/**
 * What ThrottlerGuard.canActivate looks up on every request, for every named throttler (six
 * reflector lookups each, the handler's decorators and the module options), looked up once per
 * handler: decorators are fixed when the class is defined. Per request there remain the `skipIf`
 * functions and the Resolvable values (the default limit follows PATCH /api/config live).
 */
export class ThrottlePlans {
  private readonly plans = new WeakMap<object, { classRef: object; steps: ThrottleStep[] }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly throttlers: readonly (ThrottlerOptions & { name: string })[],
    private readonly defaults: () => ThrottleDefaults,
  ) {}

  for(context: ExecutionContext): readonly ThrottleStep[] {
    const handler = context.getHandler();
    const classRef = context.getClass();
    const cached = this.plans.get(handler);
    if (cached?.classRef === classRef) return cached.steps;
    const steps = this.build(handler, classRef);
    this.plans.set(handler, { classRef, steps });
    return steps;
  }

  private build(handler: object, classRef: object): ThrottleStep[] {
    const defaults = this.defaults();
    return this.throttlers.map((throttler) => {
      const read = <T>(key: string) =>
        this.reflector.getAllAndOverride<T | undefined>(key + throttler.name, [
          handler as () => void,
          classRef as () => void,
        ]);
      return {
        throttler,
        skipped: Boolean(read<boolean>(SKIP)),
        skipIf: throttler.skipIf ?? defaults.skipIf,
        limit: read<Resolvable<number>>(LIMIT) ?? throttler.limit,
        ttl: read<Resolvable<number>>(TTL) ?? throttler.ttl,
        blockDuration: read<Resolvable<number>>(BLOCK_DURATION) ?? throttler.blockDuration,
        getTracker:
          read<ThrottlerGetTrackerFunction>(TRACKER) ?? throttler.getTracker ?? defaults.getTracker,
        generateKey:
          read<ThrottlerGenerateKeyFunction>(KEY_GENERATOR) ??
          throttler.generateKey ??
          defaults.generateKey,
      };
    });
  }
}

/** A Resolvable's value, awaited only when it is a promise (most are plain numbers). */
export function resolveNumber(
  value: Resolvable<number>,
  context: ExecutionContext,
  option: string,
  throttlerName: string,
): number | Promise<number> {
  const resolved = typeof value === 'function' ? value(context) : value;
  return resolved instanceof Promise
    ? resolved.then((v) => toNumber(v, option, throttlerName))
    : toNumber(resolved, option, throttlerName);
}

function toNumber(value: unknown, option: string, throttlerName: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || Number.isNaN(number)) {
    throw new Error(
      `Invalid "${option}" for the "${throttlerName}" throttler: expected a number, got ${JSON.stringify(value)}.`,
    );
  }
  return number;
}
