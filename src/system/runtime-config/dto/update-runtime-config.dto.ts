import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { SETTING_BOUNDS, type SettingKey } from '../../../common/runtime/runtime-settings';

const RESET = 'null restores the default from the environment.';

function Bounded(key: SettingKey, example: number, description: string): PropertyDecorator {
  const { min, max } = SETTING_BOUNDS[key];
  const decorators = [
    ApiPropertyOptional({
      type: 'integer',
      minimum: min,
      maximum: max,
      nullable: true,
      example,
      description: `${description} ${RESET}`,
    }),
    // Absent: unchanged; null: reset. Anything else must be an integer within bounds.
    IsOptional(),
    IsInt(),
    Min(min),
    Max(max),
  ];
  return (target, property) => decorators.forEach((decorate) => decorate(target, property));
}

/** PATCH /api/config: any subset of the settings; unknown fields are refused. */
export class UpdateRuntimeConfigDto {
  @Bounded('telemetryRateHz', 20, 'How often the `telemetry` channel is broadcast (Hz).')
  telemetryRateHz?: number | null;

  @Bounded('fleetUpdateIntervalMs', 2000, 'How often the fleet is updated and broadcast (ms).')
  fleetUpdateIntervalMs?: number | null;

  @Bounded('deadmanTimeoutMs', 1500, 'Silence after which a driven rover is stopped (ms).')
  deadmanTimeoutMs?: number | null;

  @Bounded(
    'defaultRateLimit',
    200,
    'Requests per user (or IP) per THROTTLE_TTL_MS window (a minute by default).',
  )
  defaultRateLimit?: number | null;
}
