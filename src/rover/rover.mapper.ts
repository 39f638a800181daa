import type { LinkStatus } from '../hardware/link-status';
import type { TelemetryReading } from '../hardware/protocol/frames';
import type { CommandRecordDto } from './dto/command-history.dto';
import type {
  CalibrateResultDto,
  EmergencyStopResultDto,
  ResumeResultDto,
} from './dto/control.dto';
import type { RoverStatusDto } from './dto/rover-status.dto';
import type { RoverCommandEntity } from './entities/rover-command.entity';
import type { LastCommand } from './last-command.store';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toRoverStatus(
  telemetry: TelemetryReading | null,
  link: LinkStatus,
  estopLatched: boolean,
  lastCommand: LastCommand | null,
): RoverStatusDto {
  return {
    connected: link.state === 'up',
    emergency_stop: estopLatched,
    position: telemetry?.position ?? { x: 0, y: 0, z: 0 },
    rotation: telemetry?.rotation ?? { pitch: 0, roll: 0, yaw: 0 },
    battery: {
      voltage: telemetry?.battery.voltage ?? null,
      percentage: telemetry?.battery.percentage ?? null,
      charging: false,
    },
    sensors: {
      temperature: telemetry?.temperature ?? null,
      current: telemetry?.current ?? null,
      humidity: null,
    },
    last_command: lastCommand
      ? {
          timestamp: lastCommand.timestamp.toISOString(),
          type: lastCommand.type,
          success: lastCommand.success,
        }
      : null,
    obstacle_distance: telemetry?.obstacleDistance ?? null,
    link: { port: link.port, state: link.state, rttMs: link.rttMs, lastSeen: iso(link.lastSeen) },
  };
}

export function toCommandRecord(row: RoverCommandEntity): CommandRecordDto {
  return {
    id: row.id,
    username: row.username,
    type: row.type,
    forward: row.forward,
    turn: row.turn,
    duration: row.duration,
    status: row.status,
    reason: row.reason,
    stages: {
      queued: row.queuedAt.toISOString(),
      sent: iso(row.sentAt),
      acknowledged: iso(row.acknowledgedAt),
      completed: iso(row.completedAt),
      rejected: iso(row.rejectedAt),
      timed_out: iso(row.timedOutAt),
    },
  };
}

export function toEmergencyStopResult(
  at: Date,
  previous: { moving: boolean; speed: number },
  confirmed: boolean,
  persisted: boolean,
): EmergencyStopResultDto {
  return {
    status: 'stopped',
    timestamp: at.toISOString(),
    previous_state: previous,
    confirmed,
    persisted,
  };
}

export function toResumeResult(at: Date): ResumeResultDto {
  return { status: 'resumed', timestamp: at.toISOString() };
}

export function toCalibrateResult(commandId: string, ackedAt: Date): CalibrateResultDto {
  return { status: 'success', command_id: commandId, timestamp: ackedAt.toISOString() };
}
