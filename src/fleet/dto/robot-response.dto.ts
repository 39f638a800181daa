import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/pagination/pagination.dto';
import { type LinkState } from '../../hardware/link-status';
import { CONNECTION_STATES, type ConnectionState, ROBOT_KINDS, type RobotKind } from '../robot';

export const ROBOT_SOURCES = ['serial', 'simulator', 'mqtt'] as const;
export type RobotSource = (typeof ROBOT_SOURCES)[number];

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

export class RobotErrorDto {
  @ApiProperty({ example: 'laserScannerBlocked' })
  type!: string;

  @ApiProperty({ enum: ['WARNING', 'FATAL'], example: 'WARNING' })
  level!: 'WARNING' | 'FATAL';

  @ApiProperty({ type: String, nullable: true, example: 'Front scanner blocked' })
  description!: string | null;
}

export class RobotSafetyStateDto {
  @ApiProperty({ enum: ['AUTOACK', 'MANUAL', 'REMOTE', 'NONE'], example: 'NONE' })
  eStop!: 'AUTOACK' | 'MANUAL' | 'REMOTE' | 'NONE';

  @ApiProperty({ example: false })
  fieldViolation!: boolean;
}

export class RobotMapPositionDto {
  @ApiProperty({ example: 12.5, description: 'metres in the map frame' })
  x!: number;

  @ApiProperty({ example: -3.2 })
  y!: number;

  @ApiProperty({ example: 1.57, description: 'radians' })
  theta!: number;

  @ApiProperty({ example: 'hall-1' })
  mapId!: string;
}

/** A fleet member (API.md §6). Percentages are whole numbers; null when the robot does not report one. */
export class RobotResponseDto {
  @ApiProperty({ format: 'uuid', example: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' })
  id!: string;

  @ApiProperty({ example: 'sim-robot-1' })
  name!: string;

  @ApiProperty({ enum: ROBOT_KINDS, example: 'simulated' })
  kind!: RobotKind;

  @ApiProperty({
    enum: ROBOT_SOURCES,
    example: 'simulator',
    description:
      'Where the robot is heard from: the serial link, the built-in simulator, or MQTT (VDA 5050)',
  })
  source!: RobotSource;

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

  @ApiProperty({
    example: false,
    description: 'MQTT robots: no `state` within FLEET_MQTT_STALE_MS (values are the last heard)',
  })
  stale!: boolean;

  @ApiProperty({
    enum: CONNECTION_STATES,
    nullable: true,
    example: 'ONLINE',
    description: 'MQTT robots: the VDA 5050 `connection` topic (CONNECTIONBROKEN is the last will)',
  })
  connectionState!: ConnectionState | null;

  @ApiProperty({ type: Boolean, nullable: true, example: true })
  driving!: boolean | null;

  @ApiProperty({
    type: Boolean,
    nullable: true,
    example: false,
    description: 'Paused by a stop (stopPause for MQTT robots)',
  })
  paused!: boolean | null;

  @ApiProperty({ type: String, nullable: true, example: 'AUTOMATIC' })
  operatingMode!: string | null;

  @ApiProperty({ type: [RobotErrorDto], description: 'Errors the robot reports now (MQTT robots)' })
  errors!: RobotErrorDto[];

  @ApiProperty({ type: RobotSafetyStateDto, nullable: true })
  safetyState!: RobotSafetyStateDto | null;

  @ApiProperty({
    type: RobotMapPositionDto,
    nullable: true,
    description: 'MQTT robots: agvPosition in their map frame (`location` places it on the map)',
  })
  position!: RobotMapPositionDto | null;

  @ApiProperty({ type: String, nullable: true, example: 'acme' })
  manufacturer!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'agv-0001' })
  serialNumber!: string | null;
}

export class RobotPageDto extends PageMetaDto {
  @ApiProperty({ type: [RobotResponseDto] })
  items!: RobotResponseDto[];
}
