import type { Settings } from '../../common/runtime/runtime-settings';
import type {
  RuntimeConfigResponseDto,
  RuntimeSettingsDto,
} from './dto/runtime-config-response.dto';

export interface RuntimeConfigState {
  settings: Settings;
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

const settingsDto = (settings: Settings): RuntimeSettingsDto => ({
  telemetryRateHz: settings.telemetryRateHz,
  fleetUpdateIntervalMs: settings.fleetUpdateIntervalMs,
  deadmanTimeoutMs: settings.deadmanTimeoutMs,
  defaultRateLimit: settings.defaultRateLimit,
});

export function toRuntimeConfigResponse(
  state: RuntimeConfigState,
  defaults: Settings,
): RuntimeConfigResponseDto {
  return {
    ...settingsDto(state.settings),
    defaults: settingsDto(defaults),
    version: state.version,
    updatedAt: state.updatedAt?.toISOString() ?? null,
    updatedBy: state.updatedBy,
  };
}
