import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/pagination/pagination.dto';
import { type LinkState } from '../../hardware/link-status';
import { ROBOT_KINDS, type RobotKind } from '../robot';

const LINK_STATES = ['connecting', 'up', 'down'] as const satisfies readonly LinkState[];

export class RobotLocationDto {
  @ApiProperty({ example: 52.521354 })
  lat!: number;

  @ApiProperty({ example: 13.401887 })
  lng!: number;
}

export class RobotLinkDto {
  @ApiProperty({ enum: LINK_STATES, example: 'up' })
  state!: LinkState;

  @ApiProperty({ example: 'sim', description: '`sim` or the serial device path' })
  port!: string;
}

/** A fleet member (API.md §6). Percentages are whole numbers; null when the robot does not report one. */
export class RobotResponseDto {
  @ApiProperty({ format: 'uuid', example: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' })
  id!: string;

  @ApiProperty({ example: 'sim-robot-1' })
  name!: string;

  @ApiProperty({ enum: ROBOT_KINDS, example: 'simulated' })
  kind!: RobotKind;

  @ApiProperty({ example: true })
  online!: boolean;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 100, example: 76 })
  battery!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 100,
    example: 34,
    description: 'null for the rover, whose firmware does not report it',
  })
  cpu!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 100,
    example: 48,
    description: 'null for the rover, whose firmware does not report it',
  })
  ram!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11-25T10:30:00.000Z',
    description: 'When the robot was last heard from (unchanged while it is offline)',
  })
  lastUpdated!: string | null;

  @ApiProperty({
    type: RobotLocationDto,
    nullable: true,
    description:
      "The rover's arena x/y metres placed around the fleet's base point (x east, y north)",
  })
  location!: RobotLocationDto | null;

  @ApiProperty({ type: RobotLinkDto, nullable: true, description: 'The serial link; rover only' })
  link!: RobotLinkDto | null;
}

export class RobotPageDto extends PageMetaDto {
  @ApiProperty({ type: [RobotResponseDto] })
  items!: RobotResponseDto[];
}
