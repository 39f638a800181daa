import { Injectable } from '@nestjs/common';
import { AlertsService } from '../../alerts/alerts.service';
import type { RobotState, VehicleStatus } from '../robot';

/**
 * Alerts from what MQTT vehicles report, each raised when the condition starts (not on every
 * state that repeats it): the connection broke (the broker's last will), a FATAL error appeared,
 * or the vehicle's emergency stop left NONE.
 */
@Injectable()
export class VehicleAlerts {
  constructor(private readonly alerts: AlertsService) {}

  check(before: VehicleStatus | null, robot: RobotState): void {
    const now = robot.vehicle;
    if (!now) return;
    const details = {
      robotId: robot.id,
      manufacturer: now.manufacturer,
      serialNumber: now.serialNumber,
    };
    if (
      now.connectionState === 'CONNECTIONBROKEN' &&
      before?.connectionState !== 'CONNECTIONBROKEN'
    )
      void this.alerts.raise(
        'robot_connection_broken',
        'critical',
        `Robot ${robot.name} lost its connection to the broker unexpectedly`,
        details,
      );
    const fatalBefore = new Set(
      (before?.errors ?? []).filter((e) => e.level === 'FATAL').map((e) => e.type),
    );
    for (const error of now.errors) {
      if (error.level !== 'FATAL' || fatalBefore.has(error.type)) continue;
      fatalBefore.add(error.type);
      void this.alerts.raise(
        'robot_fatal_error',
        'critical',
        `Robot ${robot.name} reports a FATAL error: ${error.type}`,
        { ...details, errorType: error.type, description: error.description },
      );
    }
    const eStop = now.safetyState?.eStop ?? 'NONE';
    const eStopBefore = before?.safetyState?.eStop ?? 'NONE';
    if (eStop !== 'NONE' && eStopBefore === 'NONE')
      void this.alerts.raise(
        'robot_estop',
        'critical',
        `Robot ${robot.name} reports its emergency stop engaged (${eStop})`,
        { ...details, eStop },
      );
  }
}
