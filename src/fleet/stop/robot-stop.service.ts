import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import type { AuditOutcome } from '../../audit/entities/audit-entry.entity';
import type { AuthenticatedUser } from '../../common/access/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { actorOf, RoverService } from '../../rover/rover.service';
import type { RobotResponseDto } from '../dto/robot-response.dto';
import { FleetService } from '../fleet.service';
import { MqttFleetSource } from '../sources/mqtt-fleet.source';
import { SimulatedFleetSource } from '../sources/simulated-fleet.source';
import { FleetMqttMetrics } from '../vda5050/fleet-mqtt.metrics';
import type { FleetStopResultDto, RobotStopResultDto, StopStatus } from './robot-stop.dto';

type StopAnswer = Omit<RobotStopResultDto, 'robotId' | 'name' | 'source' | 'elapsedMs' | 'stopped'>;

const AUDIT_OUTCOME: Record<StopStatus, AuditOutcome> = {
  FINISHED: 'ok',
  FAILED: 'failed',
  TIMEOUT: 'unconfirmed',
  UNREACHABLE: 'failed',
};

/**
 * Stops one robot or the whole fleet, each the way its source stops: an MQTT vehicle gets an
 * instantActions stopPause and answers through its state; the rover gets its emergency stop
 * (latched until a resume); a simulated robot halts where it is. Nothing here waits behind other
 * work: every stop leaves at once, the fleet's in parallel, and the audit entry is written after
 * the answer is known without holding it up.
 */
@Injectable()
export class RobotStopService {
  constructor(
    private readonly fleet: FleetService,
    private readonly mqtt: MqttFleetSource,
    private readonly simulated: SimulatedFleetSource,
    private readonly rover: RoverService,
    private readonly audit: AuditService,
    private readonly metrics: FleetMqttMetrics,
    private readonly clock: Clock,
  ) {}

  async stop(user: AuthenticatedUser, robotId: string): Promise<RobotStopResultDto> {
    const result = await this.stopRobot(user, this.fleet.get(robotId), 'robot');
    if (result.status === 'TIMEOUT')
      throw new AppError(
        'command_timeout',
        `Robot ${result.name} did not report the stop in time`,
        undefined,
        undefined,
        { result },
      );
    if (result.status === 'UNREACHABLE')
      throw new AppError(
        'service_unavailable',
        result.resultDescription ?? `Robot ${result.name} cannot be reached`,
        undefined,
        undefined,
        { result },
      );
    return result;
  }

  async stopAll(user: AuthenticatedUser): Promise<FleetStopResultDto> {
    const robots = this.fleet.robots();
    const results = await Promise.all(robots.map((robot) => this.stopRobot(user, robot, 'fleet')));
    return {
      total: results.length,
      stopped: results.filter((result) => result.stopped).length,
      results,
    };
  }

  private async stopRobot(
    user: AuthenticatedUser,
    robot: RobotResponseDto,
    scope: 'robot' | 'fleet',
  ): Promise<RobotStopResultDto> {
    const startedAt = this.clock.now().getTime();
    let answer: StopAnswer;
    try {
      answer = await this.send(user, robot);
    } catch (error) {
      answer = {
        status: 'UNREACHABLE',
        actionId: null,
        lastStatus: null,
        resultDescription: error instanceof Error ? error.message : String(error),
      };
    }
    const result: RobotStopResultDto = {
      robotId: robot.id,
      name: robot.name,
      source: robot.source,
      ...answer,
      stopped: answer.status === 'FINISHED',
      elapsedMs: this.clock.now().getTime() - startedAt,
    };
    this.metrics.stopped(result.status);
    void this.audit.record(actorOf(user), 'robot_stop', AUDIT_OUTCOME[result.status], {
      scope,
      robotId: result.robotId,
      name: result.name,
      source: result.source,
      status: result.status,
      actionId: result.actionId,
      lastStatus: result.lastStatus,
      resultDescription: result.resultDescription,
      elapsedMs: result.elapsedMs,
    });
    return result;
  }

  private async send(user: AuthenticatedUser, robot: RobotResponseDto): Promise<StopAnswer> {
    switch (robot.source) {
      case 'mqtt': {
        if (!this.mqtt.has(robot.id)) throw new Error('This instance has not heard from the robot');
        const outcome = await this.mqtt.stop(robot.id);
        return { ...outcome };
      }
      case 'serial': {
        const estop = await this.rover.emergencyStop(user);
        return {
          status: estop.confirmed ? 'FINISHED' : 'TIMEOUT',
          actionId: null,
          lastStatus: null,
          resultDescription: estop.confirmed
            ? 'Emergency stop latched and confirmed by the rover'
            : 'Emergency stop latched; the rover did not confirm it (link down)',
        };
      }
      case 'simulator': {
        if (!this.simulated.pause(robot.id))
          throw new Error('The simulated robot runs on the instance that owns the rover link');
        return {
          status: 'FINISHED',
          actionId: null,
          lastStatus: null,
          resultDescription: 'Simulated robot halted',
        };
      }
    }
  }
}
