import type { Settings } from '../../common/runtime/runtime-settings';
import {
  applyPatch,
  diffSettings,
  requestedOf,
  resolveSettings,
  sameOverrides,
  sanitizeOverrides,
} from './settings-overrides';

const DEFAULTS: Settings = {
  telemetryRateHz: 10,
  fleetUpdateIntervalMs: 5000,
  deadmanTimeoutMs: 1000,
  defaultRateLimit: 100,
};

describe('settings overrides', () => {
  it('should resolve each setting to its override, or else its default', () => {
    expect(resolveSettings(DEFAULTS, { deadmanTimeoutMs: 2500 })).toEqual({
      ...DEFAULTS,
      deadmanTimeoutMs: 2500,
    });
    expect(resolveSettings(DEFAULTS, {})).toEqual(DEFAULTS);
  });

  it('should set the values a patch names, drop those it nulls, and keep the rest', () => {
    const next = applyPatch(
      { telemetryRateHz: 20, defaultRateLimit: 50 },
      { telemetryRateHz: null, fleetUpdateIntervalMs: 250 },
    );
    expect(next).toEqual({ defaultRateLimit: 50, fleetUpdateIntervalMs: 250 });
  });

  it('should tell equal override sets apart from different ones', () => {
    expect(sameOverrides({ telemetryRateHz: 5 }, { telemetryRateHz: 5 })).toBe(true);
    expect(sameOverrides({ telemetryRateHz: 5 }, {})).toBe(false);
  });

  it('should drop stored values that are unknown or out of bounds, and say which', () => {
    const { overrides, dropped } = sanitizeOverrides({
      telemetryRateHz: 500,
      deadmanTimeoutMs: 1500,
      fleetUpdateIntervalMs: '250',
      retired: 3,
    });
    expect(overrides).toEqual({ deadmanTimeoutMs: 1500 });
    expect(dropped.sort()).toEqual(['fleetUpdateIntervalMs', 'retired', 'telemetryRateHz']);
    expect(sanitizeOverrides(null)).toEqual({ overrides: {}, dropped: [] });
    expect(sanitizeOverrides([1]).overrides).toEqual({});
  });

  it('should list what changed as from/to pairs and the request as named', () => {
    expect(diffSettings(DEFAULTS, { ...DEFAULTS, defaultRateLimit: 3 })).toEqual({
      defaultRateLimit: { from: 100, to: 3 },
    });
    expect(requestedOf({ deadmanTimeoutMs: null, telemetryRateHz: 20 })).toEqual({
      telemetryRateHz: 20,
      deadmanTimeoutMs: null,
    });
  });
});
