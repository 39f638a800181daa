import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { pairwise, type Subscription } from 'rxjs';
import { HardwareService } from '../hardware/hardware.service';
import { TelemetryService } from '../telemetry/telemetry.service';
import { AlertsService } from './alerts.service';

/** Battery percentage below which a low-battery alert is raised, and above which it re-arms. */
export const LOW_BATTERY_PCT = 20;
const LOW_BATTERY_REARM_PCT = 25;

/** Turns what the link reports into alerts: link lost and restored, faults, low battery. */
@Injectable()
export class RoverAlertsWatcher implements OnModuleDestroy {
  private readonly subscriptions: Subscription[] = [];
  private lowBatteryRaised = false;
  private everUp = false;

  constructor(hardware: HardwareService, telemetry: TelemetryService, alerts: AlertsService) {
    this.subscriptions.push(
      hardware.link$.pipe(pairwise()).subscribe(([before, after]) => {
        if (before.state === 'up' && after.state !== 'up') {
          void alerts.raise(
            'link_lost',
            'critical',
            `Rover link lost on ${after.port}; commands are refused until it returns`,
            {
              port: after.port,
            },
          );
        } else if (before.state !== 'up' && after.state === 'up') {
          if (this.everUp)
            void alerts.raise('link_restored', 'info', `Rover link restored on ${after.port}`, {
              port: after.port,
            });
          this.everUp = true;
        }
      }),
      hardware.messages$.subscribe((message) => {
        if (message.type === 'FLT') {
          void alerts.raise('fault', 'critical', `Rover fault: ${message.code}`, {
            code: message.code,
          });
        }
      }),
      telemetry.readings$.subscribe(({ reading }) => {
        const pct = reading.battery.percentage;
        if (!this.lowBatteryRaised && pct < LOW_BATTERY_PCT) {
          this.lowBatteryRaised = true;
          void alerts.raise('low_battery', 'warning', `Rover battery low: ${pct} %`, {
            percentage: pct,
          });
        } else if (this.lowBatteryRaised && pct > LOW_BATTERY_REARM_PCT) {
          this.lowBatteryRaised = false;
        }
      }),
    );
  }

  onModuleDestroy(): void {
    this.subscriptions.forEach((s) => s.unsubscribe());
  }
}
