import { Subject } from 'rxjs';
import { validateEnv } from '../../config/env.schema';
import { isValidSetting, RuntimeSettings, SETTING_BOUNDS, type Settings } from './runtime-settings';

const ENV_OF = {
  fleetUpdateIntervalMs: 'FLEET_UPDATE_INTERVAL_MS',
  deadmanTimeoutMs: 'DEADMAN_TIMEOUT_MS',
  defaultRateLimit: 'THROTTLE_LIMIT',
} as const;

class TestSettings extends RuntimeSettings {
  readonly changes$ = new Subject<Settings>();
  constructor(public value: Settings) {
    super();
  }
  get current(): Settings {
    return this.value;
  }
}

describe('runtime settings', () => {
  it.each(Object.entries(ENV_OF))(
    'should bound %s exactly as its environment default %s',
    (key, variable) => {
      const { min, max } = SETTING_BOUNDS[key as keyof typeof ENV_OF];
      const env = (value: number) => ({ NODE_ENV: 'test', [variable]: String(value) });
      expect(() => validateEnv(env(min))).not.toThrow();
      expect(() => validateEnv(env(max))).not.toThrow();
      expect(() => validateEnv(env(min - 1))).toThrow(variable);
      expect(() => validateEnv(env(max + 1))).toThrow(variable);
    },
  );

  it('should accept only integers within bounds', () => {
    expect(isValidSetting('telemetryRateHz', 1)).toBe(true);
    expect(isValidSetting('telemetryRateHz', 50)).toBe(true);
    for (const bad of [0, 51, 2.5, '10', null, undefined, Number.NaN]) {
      expect(isValidSetting('telemetryRateHz', bad)).toBe(false);
    }
  });

  it('should select the current value at once, then each change of that key only', () => {
    const base: Settings = {
      telemetryRateHz: 10,
      fleetUpdateIntervalMs: 5000,
      deadmanTimeoutMs: 1000,
      defaultRateLimit: 100,
    };
    const settings = new TestSettings(base);
    const seen: number[] = [];
    const subscription = settings.select('fleetUpdateIntervalMs').subscribe((v) => seen.push(v));
    settings.value = { ...base, defaultRateLimit: 5 };
    settings.changes$.next(settings.value);
    settings.value = { ...settings.value, fleetUpdateIntervalMs: 250 };
    settings.changes$.next(settings.value);
    subscription.unsubscribe();
    expect(seen).toEqual([5000, 250]);
  });
});
