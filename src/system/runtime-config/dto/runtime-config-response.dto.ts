import { ApiProperty } from '@nestjs/swagger';

export class RuntimeSettingsDto {
  @ApiProperty({ example: 10, description: 'How often the `telemetry` channel is broadcast (Hz)' })
  telemetryRateHz!: number;

  @ApiProperty({ example: 5000, description: 'How often the fleet is updated and broadcast (ms)' })
  fleetUpdateIntervalMs!: number;

  @ApiProperty({ example: 1000, description: 'Silence after which a driven rover is stopped (ms)' })
  deadmanTimeoutMs!: number;

  @ApiProperty({
    example: 100,
    description: 'Requests per user (or IP) per THROTTLE_TTL_MS window (a minute by default)',
  })
  defaultRateLimit!: number;
}

/** The settings in force, what they fall back to, and the version to send back in If-Match. */
export class RuntimeConfigResponseDto extends RuntimeSettingsDto {
  @ApiProperty({ type: RuntimeSettingsDto, description: 'The defaults, from the environment' })
  defaults!: RuntimeSettingsDto;

  @ApiProperty({ example: 3, description: 'Increases with every stored change; 0: none yet' })
  version!: number;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T10:30:00.000Z' })
  updatedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'admin' })
  updatedBy!: string | null;
}
