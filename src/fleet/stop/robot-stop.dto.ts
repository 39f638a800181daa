import { ApiProperty } from '@nestjs/swagger';
import { ROBOT_SOURCES, type RobotSource } from '../dto/robot-response.dto';

export const STOP_STATUSES = ['FINISHED', 'FAILED', 'TIMEOUT', 'UNREACHABLE'] as const;
export type StopStatus = (typeof STOP_STATUSES)[number];

/** How one robot answered a stop (API.md §6). */
export class RobotStopResultDto {
  @ApiProperty({ format: 'uuid' })
  robotId!: string;

  @ApiProperty({ example: 'agv-0001' })
  name!: string;

  @ApiProperty({ enum: ROBOT_SOURCES, example: 'mqtt' })
  source!: RobotSource;

  @ApiProperty({
    enum: STOP_STATUSES,
    example: 'FINISHED',
    description:
      'FINISHED or FAILED as the robot reported the action; TIMEOUT: no end reported within FLEET_MQTT_STOP_TIMEOUT_MS (or the rover did not confirm its e-stop); UNREACHABLE: nothing could be sent (the broker is away)',
  })
  status!: StopStatus;

  @ApiProperty({ description: 'The robot reported that it stopped', example: true })
  stopped!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The instantActions actionId (MQTT robots)',
  })
  actionId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The last actionStatus the robot reported (e.g. RUNNING before a TIMEOUT)',
  })
  lastStatus!: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The robot's resultDescription" })
  resultDescription!: string | null;

  @ApiProperty({ example: 84, description: 'From the request to the answer' })
  elapsedMs!: number;
}

export class FleetStopResultDto {
  @ApiProperty({ example: 6 })
  total!: number;

  @ApiProperty({ example: 6, description: 'Robots that reported the stop FINISHED' })
  stopped!: number;

  @ApiProperty({ type: [RobotStopResultDto] })
  results!: RobotStopResultDto[];
}
