import {
  isValidSetting,
  SETTING_KEYS,
  type SettingKey,
  type Settings,
} from '../../common/runtime/runtime-settings';
import type { SettingOverrides } from './entities/runtime-settings.entity';

/** A requested change: a value to set, null to go back to the default; absent keys stay. */
export type SettingsPatch = Partial<Record<SettingKey, number | null>>;

export type SettingChanges = Partial<Record<SettingKey, { from: number; to: number }>>;

export function resolveSettings(defaults: Settings, overrides: SettingOverrides): Settings {
  const settings = { ...defaults };
  for (const key of SETTING_KEYS) {
    const value = overrides[key];
    if (value !== undefined) settings[key] = value;
  }
  return settings;
}

/**
 * The stored overrides that are still acceptable: a key no longer known or a value out of today's
 * bounds (a row written by an older version, or by hand) is left out rather than trusted.
 */
export function sanitizeOverrides(raw: unknown): {
  overrides: SettingOverrides;
  dropped: string[];
} {
  const overrides: SettingOverrides = {};
  const dropped: string[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { overrides, dropped: raw === undefined || raw === null ? [] : ['(not an object)'] };
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (
      (SETTING_KEYS as readonly string[]).includes(key) &&
      isValidSetting(key as SettingKey, value)
    ) {
      overrides[key as SettingKey] = value;
    } else {
      dropped.push(key);
    }
  }
  return { overrides, dropped };
}

export function applyPatch(overrides: SettingOverrides, patch: SettingsPatch): SettingOverrides {
  const next: SettingOverrides = { ...overrides };
  for (const key of SETTING_KEYS) {
    const value = patch[key];
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next;
}

export function sameOverrides(a: SettingOverrides, b: SettingOverrides): boolean {
  return SETTING_KEYS.every((key) => a[key] === b[key]);
}

export function diffSettings(before: Settings, after: Settings): SettingChanges {
  const changes: SettingChanges = {};
  for (const key of SETTING_KEYS) {
    if (before[key] !== after[key]) changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}

/** Only the keys a request named, in a stable order (for the audit entry). */
export function requestedOf(patch: SettingsPatch): SettingsPatch {
  const requested: SettingsPatch = {};
  for (const key of SETTING_KEYS) if (patch[key] !== undefined) requested[key] = patch[key];
  return requested;
}
