import 'reflect-metadata';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SkipThrottle, Throttle } from '@nestjs/throttler';
import { resolveNumber, ThrottlePlans } from './throttle-plan';

class Probe {
  plain(): void {}

  @Throttle({ default: { limit: 3, ttl: 500, blockDuration: 700 } })
  tight(): void {}

  @SkipThrottle({ control: true })
  uncontrolled(): void {}
}

@SkipThrottle()
class SkippedClass {
  any(): void {}
}

const contextFor = (classRef: object, handler: () => void) =>
  ({ getClass: () => classRef, getHandler: () => handler }) as unknown as ExecutionContext;

describe('ThrottlePlans', () => {
  const tracker = jest.fn();
  const key = jest.fn();
  const plans = new ThrottlePlans(
    new Reflector(),
    [
      { name: 'default', limit: () => 100, ttl: 1000 },
      { name: 'control', limit: 10, ttl: 1000 },
    ],
    () => ({ getTracker: tracker, generateKey: key }),
  );

  it("should read @nestjs/throttler's own decorators (the metadata keys match the library's)", () => {
    const [defaults] = plans.for(contextFor(Probe, Probe.prototype.tight));
    expect(defaults).toMatchObject({ skipped: false, limit: 3, ttl: 500, blockDuration: 700 });

    const [, control] = plans.for(contextFor(Probe, Probe.prototype.uncontrolled));
    expect(control.skipped).toBe(true);

    const [skippedDefault] = plans.for(contextFor(SkippedClass, SkippedClass.prototype.any));
    expect(skippedDefault.skipped).toBe(true);
  });

  it("should fall back to the throttler's options and the guard's defaults", () => {
    const [defaults, control] = plans.for(contextFor(Probe, Probe.prototype.plain));
    expect(defaults.skipped).toBe(false);
    expect(typeof defaults.limit).toBe('function');
    expect(control).toMatchObject({ skipped: false, limit: 10, ttl: 1000 });
    expect(defaults.getTracker).toBe(tracker);
    expect(defaults.generateKey).toBe(key);
  });

  it('should read a handler once and answer the same plan after', () => {
    const context = contextFor(Probe, Probe.prototype.plain);
    expect(plans.for(context)).toBe(plans.for(context));
  });

  it('should resolve plain numbers at once, functions per call, and refuse what is not a number', async () => {
    const context = contextFor(Probe, Probe.prototype.plain);
    expect(resolveNumber(5, context, 'limit', 'default')).toBe(5);
    expect(resolveNumber(() => 7, context, 'limit', 'default')).toBe(7);
    await expect(resolveNumber(() => Promise.resolve(9), context, 'ttl', 'x')).resolves.toBe(9);
    expect(() => resolveNumber(() => NaN, context, 'limit', 'default')).toThrow(/Invalid "limit"/);
  });
});
