import { defer, distinctUntilChanged, map, type Observable, startWith } from 'rxjs';

/**
 * What an admin may change while the service runs (API.md §9). Each setting's default comes from
 * the environment; a stored change overrides it until it is reset.
 */
export interface Settings {
  /** How often the `telemetry` channel is broadcast, in Hz. */
  readonly telemetryRateHz: number;
  /** How often the fleet's robots are updated and broadcast, in milliseconds. */
  readonly fleetUpdateIntervalMs: number;
  /** An operator who drives and then goes quiet this long gets the rover stopped. */
  readonly deadmanTimeoutMs: number;
  /** The default rate limit: requests per user (or IP) per THROTTLE_TTL_MS window (a minute by default). */
  readonly defaultRateLimit: number;
}

export type SettingKey = keyof Settings;

export const SETTING_KEYS = [
  'telemetryRateHz',
  'fleetUpdateIntervalMs',
  'deadmanTimeoutMs',
  'defaultRateLimit',
] as const satisfies readonly SettingKey[];

/**
 * Inclusive integer bounds of every setting. Those with an environment default share that
 * variable's bounds (env.schema.ts; a spec holds the two together), so a value the environment may
 * set is a value the API accepts, and the other way round.
 */
export const SETTING_BOUNDS: Readonly<Record<SettingKey, { min: number; max: number }>> = {
  telemetryRateHz: { min: 1, max: 50 },
  fleetUpdateIntervalMs: { min: 20, max: 3_600_000 },
  deadmanTimeoutMs: { min: 100, max: 60_000 },
  defaultRateLimit: { min: 1, max: 1_000_000 },
};

export const DEFAULT_TELEMETRY_RATE_HZ = 10;

/** Whether `value` is an acceptable value for `key` (an integer within its bounds). */
export function isValidSetting(key: SettingKey, value: unknown): value is number {
  const { min, max } = SETTING_BOUNDS[key];
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * The port through which any module reads the runtime settings without depending on the module
 * that stores them (system/runtime-config). Consumers read `current` when they act, or follow
 * `select(key)` to re-arm a timer when a value changes.
 */
export abstract class RuntimeSettings {
  /** The settings in force now. */
  abstract get current(): Settings;

  /** The new settings after each change (not the current value on subscribe: see `select`). */
  abstract readonly changes$: Observable<Settings>;

  /** One setting: its current value at once, then each new value when it changes. */
  select<K extends SettingKey>(key: K): Observable<Settings[K]> {
    return defer(() =>
      this.changes$.pipe(
        startWith(this.current),
        map((settings) => settings[key]),
        distinctUntilChanged(),
      ),
    );
  }
}
