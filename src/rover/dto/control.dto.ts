import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsPositive, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional.decorators';

const FINITE = { allowNaN: false, allowInfinity: false } as const;

export class ControlCommandDto {
  @ApiProperty({
    description: 'Forward (+) or backward (-) speed in [-1, 1]; |v| < 0.01 is 0',
    example: 0.5,
  })
  @IsNumber(FINITE)
  @Min(-1)
  @Max(1)
  forward!: number;

  @ApiProperty({
    description: 'Turn rate in [-1, 1], left (-) or right (+); |v| < 0.01 is 0',
    example: 0,
  })
  @IsNumber(FINITE)
  @Min(-1)
  @Max(1)
  turn!: number;

  @ApiPropertyOptional({
    description: 'Seconds, in (0, 10]; absent = until the next command',
    example: 2,
  })
  @IsOptionalNotNull()
  @IsNumber(FINITE)
  @IsPositive()
  @Max(10)
  duration?: number;
}

export class ExecutedCommandDto {
  @ApiProperty({ example: 0.5 })
  forward!: number;

  @ApiProperty({ example: 0 })
  turn!: number;

  @ApiProperty({ example: 2, nullable: true, type: Number })
  duration!: number | null;
}

/** A command the rover acknowledged: what calibrate answers, and what control extends. */
export class CalibrateResultDto {
  @ApiProperty({ example: 'success' })
  status!: 'success';

  @ApiProperty({ format: 'uuid', example: '9b2f6c1e-7d4a-4e2b-8c3f-1a2b3c4d5e6f' })
  command_id!: string;

  @ApiProperty({ example: '2026-11-25T10:30:00.000Z' })
  timestamp!: string;
}

export class ControlResultDto extends CalibrateResultDto {
  @ApiProperty({
    type: ExecutedCommandDto,
    description: 'What the rover acknowledged (a slow module may have scaled forward)',
  })
  executed_command!: ExecutedCommandDto;
}

export class ResumeDto {
  @ApiProperty({
    description: 'Why it is safe to move again; kept in the audit log',
    example: 'Obstacle cleared, area checked',
  })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason!: string;
}

export class ResumeResultDto {
  @ApiProperty({ example: 'resumed' })
  status!: 'resumed';

  @ApiProperty({ example: '2026-11-25T10:30:00.000Z' })
  timestamp!: string;
}

export class PreviousStateDto {
  @ApiProperty({ example: true })
  moving!: boolean;

  @ApiProperty({ description: 'Mean wheel speed, m/s', example: 0.5 })
  speed!: number;
}

export class EmergencyStopResultDto {
  @ApiProperty({ example: 'stopped' })
  status!: 'stopped';

  @ApiProperty({ example: '2026-11-25T10:30:00.000Z' })
  timestamp!: string;

  @ApiProperty({ type: PreviousStateDto })
  previous_state!: PreviousStateDto;

  @ApiProperty({
    description: 'False when the rover did not acknowledge (link down): the latch holds anyway',
    example: true,
  })
  confirmed!: boolean;

  @ApiProperty({
    description:
      'Whether the latch is stored (a restart comes back latched). False while storage is busy or ' +
      'failing: the latch holds in memory and is stored as soon as storage allows; an alert goes ' +
      'out if it cannot be',
    example: true,
  })
  persisted!: boolean;
}

export class HeartbeatResultDto {
  @ApiProperty({ example: 'ok' })
  status!: 'ok';

  @ApiProperty({
    description: 'Whether you hold the deadman lease (the rover moves under your commands)',
    example: true,
  })
  active!: boolean;

  @ApiProperty({ nullable: true, type: Number, example: 950 })
  expiresInMs!: number | null;
}
