import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { HardwareService } from '../../hardware/hardware.service';

/** The rover link, as /health reports it: down while no valid frame arrives. */
@Injectable()
export class SerialLinkHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly hardware: HardwareService,
  ) {}

  check(): HealthIndicatorResult<'serial_link'> {
    const indicator = this.health.check('serial_link');
    const { state, port, lastSeen, rttMs } = this.hardware.link$.value;
    const data = { port, state, lastSeen: lastSeen?.toISOString() ?? null, rttMs };
    // An instance that leaves the link to another is healthy without one.
    if (!this.hardware.ownsLink) return indicator.up({ ...data, state: 'not_owned' });
    return state === 'up' ? indicator.up(data) : indicator.down(data);
  }
}
