import type { AlertsService } from '../../alerts/alerts.service';
import type { RobotError, RobotState, VehicleStatus } from '../robot';
import { VehicleAlerts } from './vehicle-alerts';
import { VehicleRegistry } from './vehicle-registry';

const ROBOT_ID = '00000000-0000-4000-8000-000000000001';
const DETAILS = { robotId: ROBOT_ID, manufacturer: 'acme', serialNumber: 'agv-1' };

function vehicle(overrides: Partial<VehicleStatus> = {}): VehicleStatus {
  return {
    manufacturer: 'acme',
    serialNumber: 'agv-1',
    connectionState: 'ONLINE',
    stale: false,
    driving: false,
    paused: false,
    operatingMode: 'AUTOMATIC',
    errors: [],
    safetyState: { eStop: 'NONE', fieldViolation: false },
    position: null,
    ...overrides,
  };
}

function robot(status: VehicleStatus | null | undefined): RobotState {
  return {
    id: ROBOT_ID,
    name: 'agv-1',
    kind: 'mqtt',
    online: true,
    battery: 80,
    cpu: null,
    ram: null,
    lastUpdated: new Date('2026-11-25T12:00:00Z'),
    location: null,
    link: null,
    vehicle: status,
  };
}

const fatal = (type: string, description: string | null = null): RobotError => ({
  type,
  level: 'FATAL',
  description,
});
const warning = (type: string): RobotError => ({ type, level: 'WARNING', description: null });

describe(VehicleAlerts.name, () => {
  let raise: jest.Mock<Promise<void>, Parameters<AlertsService['raise']>>;
  let alerts: VehicleAlerts;

  beforeEach(() => {
    raise = jest.fn<Promise<void>, Parameters<AlertsService['raise']>>(() => Promise.resolve());
    alerts = new VehicleAlerts({ raise } as Pick<AlertsService, 'raise'> as AlertsService);
  });

  /** Feeds the statuses one after the other, each with the previous one as `before`. */
  function replay(statuses: VehicleStatus[], first: VehicleStatus | null = null): void {
    let before = first;
    for (const status of statuses) {
      alerts.check(before, robot(status));
      before = status;
    }
  }

  const kinds = (): string[] => raise.mock.calls.map(([kind]) => kind);

  it('should raise nothing for a healthy vehicle, first heard or heard again', () => {
    replay([vehicle(), vehicle(), vehicle({ connectionState: 'OFFLINE' })]);
    expect(raise).not.toHaveBeenCalled();
  });

  it('should raise nothing for a robot that is not a vehicle', () => {
    alerts.check(null, robot(undefined));
    alerts.check(null, robot(null));
    expect(raise).not.toHaveBeenCalled();
  });

  describe('robot_connection_broken', () => {
    it('should be raised when the connection breaks, with who it is', () => {
      alerts.check(vehicle(), robot(vehicle({ connectionState: 'CONNECTIONBROKEN' })));
      expect(raise).toHaveBeenCalledTimes(1);
      expect(raise).toHaveBeenCalledWith(
        'robot_connection_broken',
        'critical',
        'Robot agv-1 lost its connection to the broker unexpectedly',
        DETAILS,
      );
    });

    it('should be raised when the first thing heard is the last will', () => {
      alerts.check(null, robot(vehicle({ connectionState: 'CONNECTIONBROKEN' })));
      expect(kinds()).toEqual(['robot_connection_broken']);
    });

    it('should be raised on each transition only, not while it stays broken', () => {
      const broken = vehicle({ connectionState: 'CONNECTIONBROKEN' });
      replay([vehicle(), broken, broken, broken, vehicle(), broken]);
      expect(kinds()).toEqual(['robot_connection_broken', 'robot_connection_broken']);
    });

    it('should not be raised for an orderly OFFLINE', () => {
      replay([vehicle(), vehicle({ connectionState: 'OFFLINE' })]);
      expect(raise).not.toHaveBeenCalled();
    });
  });

  describe('robot_fatal_error', () => {
    it('should be raised when a FATAL error appears, with its type and description', () => {
      alerts.check(vehicle(), robot(vehicle({ errors: [fatal('laserScanner', 'contaminated')] })));
      expect(raise).toHaveBeenCalledTimes(1);
      expect(raise).toHaveBeenCalledWith(
        'robot_fatal_error',
        'critical',
        'Robot agv-1 reports a FATAL error: laserScanner',
        { ...DETAILS, errorType: 'laserScanner', description: 'contaminated' },
      );
    });

    it('should be raised when the first state heard already has one', () => {
      alerts.check(null, robot(vehicle({ errors: [fatal('laserScanner')] })));
      expect(kinds()).toEqual(['robot_fatal_error']);
    });

    it('should not be raised again while the same error is reported', () => {
      const failing = vehicle({ errors: [fatal('laserScanner')] });
      replay([
        vehicle(),
        failing,
        failing,
        vehicle({ errors: [warning('x'), fatal('laserScanner')] }),
      ]);
      expect(raise).toHaveBeenCalledTimes(1);
    });

    it('should be raised again for a second, different FATAL type (and only for that one)', () => {
      replay([
        vehicle(),
        vehicle({ errors: [fatal('laserScanner')] }),
        vehicle({ errors: [fatal('laserScanner'), fatal('motorOverheat', 'left drive')] }),
      ]);
      expect(raise).toHaveBeenCalledTimes(2);
      expect(raise.mock.calls[1][3]).toEqual({
        ...DETAILS,
        errorType: 'motorOverheat',
        description: 'left drive',
      });
    });

    it('should raise each new type once when several appear together, even if repeated', () => {
      alerts.check(
        vehicle(),
        robot(vehicle({ errors: [fatal('a'), fatal('b'), fatal('a', 'again')] })),
      );
      expect(raise.mock.calls.map(([, , , details]) => details?.errorType)).toEqual(['a', 'b']);
    });

    it('should be raised again when a cleared error comes back', () => {
      const failing = vehicle({ errors: [fatal('laserScanner')] });
      replay([vehicle(), failing, vehicle(), failing]);
      expect(kinds()).toEqual(['robot_fatal_error', 'robot_fatal_error']);
    });

    it('should be raised when a WARNING of that type turns FATAL, never for a WARNING', () => {
      replay([vehicle(), vehicle({ errors: [warning('battery')] })]);
      expect(raise).not.toHaveBeenCalled();
      replay([vehicle({ errors: [fatal('battery')] })], vehicle({ errors: [warning('battery')] }));
      expect(kinds()).toEqual(['robot_fatal_error']);
    });
  });

  describe('robot_estop', () => {
    it('should be raised when the emergency stop leaves NONE, with its kind', () => {
      alerts.check(
        vehicle(),
        robot(vehicle({ safetyState: { eStop: 'MANUAL', fieldViolation: false } })),
      );
      expect(raise).toHaveBeenCalledTimes(1);
      expect(raise).toHaveBeenCalledWith(
        'robot_estop',
        'critical',
        'Robot agv-1 reports its emergency stop engaged (MANUAL)',
        { ...DETAILS, eStop: 'MANUAL' },
      );
    });

    it('should be raised on each engagement only, not while engaged (whatever its kind)', () => {
      const eStop = (kind: 'AUTOACK' | 'MANUAL' | 'REMOTE' | 'NONE') =>
        vehicle({ safetyState: { eStop: kind, fieldViolation: false } });
      replay([
        eStop('NONE'),
        eStop('AUTOACK'),
        eStop('AUTOACK'),
        eStop('REMOTE'),
        eStop('NONE'),
        eStop('MANUAL'),
      ]);
      expect(raise.mock.calls.map(([, , , details]) => details?.eStop)).toEqual([
        'AUTOACK',
        'MANUAL',
      ]);
    });

    it('should count an unknown safety state as NONE, before and now', () => {
      const engaged = vehicle({ safetyState: { eStop: 'REMOTE', fieldViolation: false } });
      alerts.check(null, robot(engaged));
      alerts.check(vehicle({ safetyState: null }), robot(engaged));
      alerts.check(engaged, robot(vehicle({ safetyState: null })));
      expect(kinds()).toEqual(['robot_estop', 'robot_estop']);
    });

    it('should not be raised for a field violation alone', () => {
      replay([vehicle(), vehicle({ safetyState: { eStop: 'NONE', fieldViolation: true } })]);
      expect(raise).not.toHaveBeenCalled();
    });
  });

  it('should raise every kind that starts in the same message', () => {
    alerts.check(
      vehicle(),
      robot(
        vehicle({
          connectionState: 'CONNECTIONBROKEN',
          errors: [fatal('laserScanner')],
          safetyState: { eStop: 'AUTOACK', fieldViolation: true },
        }),
      ),
    );
    expect(kinds()).toEqual(['robot_connection_broken', 'robot_fatal_error', 'robot_estop']);
  });

  it('should alert on transitions only when fed what the registry answers', () => {
    const registry = new VehicleRegistry({
      interfaceName: 'uagv',
      majorVersion: 'v2',
      maxRobots: 10,
      maxMessageBytes: 65_536,
      staleMs: 30_000,
    });
    let headerId = { state: 0, connection: 0 };
    const send = (subtopic: 'state' | 'connection', body: Record<string, unknown>): void => {
      const message = {
        headerId: headerId[subtopic]++,
        timestamp: '2026-11-25T12:00:00.000Z',
        version: '2.0.0',
        manufacturer: 'acme',
        serialNumber: 'agv-1',
        ...body,
      };
      const outcome = registry.ingest(
        `uagv/v2/acme/agv-1/${subtopic}`,
        Buffer.from(JSON.stringify(message)),
        new Date('2026-11-25T12:00:00Z'),
      );
      if (outcome.accepted) alerts.check(outcome.before, outcome.robot);
    };
    const state = (errors: unknown[], eStop = 'NONE') => ({
      orderId: '',
      orderUpdateId: 0,
      lastNodeId: '',
      lastNodeSequenceId: 0,
      nodeStates: [],
      edgeStates: [],
      driving: false,
      operatingMode: 'AUTOMATIC',
      actionStates: [],
      batteryState: { batteryCharge: 80, charging: false },
      errors,
      safetyState: { eStop, fieldViolation: false },
    });
    const laser = { errorType: 'laserScanner', errorLevel: 'FATAL' };

    send('connection', { connectionState: 'ONLINE' });
    send('state', state([]));
    send('state', state([laser]));
    send('state', state([laser]));
    send('connection', { connectionState: 'ONLINE' });
    send('state', state([laser], 'REMOTE'));
    send('state', state([laser], 'REMOTE'));
    send('connection', { connectionState: 'CONNECTIONBROKEN' });
    // The master reconnects to the broker and is handed the retained last will again.
    registry.forgetHeaderIds();
    headerId = { state: headerId.state, connection: headerId.connection - 1 };
    send('connection', { connectionState: 'CONNECTIONBROKEN' });

    expect(kinds()).toEqual(['robot_fatal_error', 'robot_estop', 'robot_connection_broken']);
  });
});
