import { ApiProperty } from '@nestjs/swagger';

class Vector3Dto {
  @ApiProperty({ example: 1.2 }) x!: number;
  @ApiProperty({ example: 0.3 }) y!: number;
  @ApiProperty({ example: 0 }) z!: number;
}

class RotationDto {
  @ApiProperty({ example: 0 }) pitch!: number;
  @ApiProperty({ example: 0 }) roll!: number;
  @ApiProperty({ description: 'radians', example: 0.41 }) yaw!: number;
}

class BatteryDto {
  @ApiProperty({ example: 12.3, nullable: true, type: Number }) voltage!: number | null;
  @ApiProperty({ example: 86, nullable: true, type: Number }) percentage!: number | null;
  @ApiProperty({ example: false }) charging!: boolean;
}

class SensorsDto {
  @ApiProperty({ description: '°C', example: 31.2, nullable: true, type: Number }) temperature!:
    number | null;
  @ApiProperty({ description: 'A', example: 1.8, nullable: true, type: Number }) current!:
    number | null;
  @ApiProperty({
    description: 'Not measured by this rover',
    example: null,
    nullable: true,
    type: Number,
  })
  humidity!: number | null;
}

class LastCommandDto {
  @ApiProperty({ example: '2026-11-25T10:29:00.000Z' }) timestamp!: string;
  @ApiProperty({ example: 'move' }) type!: string;
  @ApiProperty({ example: true }) success!: boolean;
}

class LinkDto {
  @ApiProperty({ example: 'sim' }) port!: string;
  @ApiProperty({ enum: ['connecting', 'up', 'down'], example: 'up' }) state!: string;
  @ApiProperty({ example: 3.2, nullable: true, type: Number }) rttMs!: number | null;
  @ApiProperty({ example: '2026-11-25T10:30:00.000Z', nullable: true, type: String }) lastSeen!:
    string | null;
}

/** Seed 001's status shape, plus obstacle_distance and link (API.md §3). */
export class RoverStatusDto {
  @ApiProperty({ example: true }) connected!: boolean;
  @ApiProperty({ example: false }) emergency_stop!: boolean;
  @ApiProperty({ type: Vector3Dto }) position!: Vector3Dto;
  @ApiProperty({ type: RotationDto }) rotation!: RotationDto;
  @ApiProperty({ type: BatteryDto }) battery!: BatteryDto;
  @ApiProperty({ type: SensorsDto }) sensors!: SensorsDto;
  @ApiProperty({ type: LastCommandDto, nullable: true }) last_command!: LastCommandDto | null;
  @ApiProperty({
    description: 'm; null when nothing is in range or unknown',
    example: 2.45,
    nullable: true,
    type: Number,
  })
  obstacle_distance!: number | null;
  @ApiProperty({ type: LinkDto }) link!: LinkDto;
}
