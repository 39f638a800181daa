import { Subject } from 'rxjs';
import type { Clock } from '../common/clock/clock';
import type { TelemetrySample } from '../telemetry/telemetry-sample';
import type { TelemetryStore } from '../telemetry/storage/telemetry-store';
import { FleetTelemetryRecorder, sampleOfRobot } from './fleet-telemetry.recorder';
import type { RobotState } from './robot';
import type { MqttFleetSource } from './sources/mqtt-fleet.source';
import type { SimulatedFleetSource } from './sources/simulated-fleet.source';

const AT = new Date('2026-11-25T12:00:00Z');

const robot = (overrides: Partial<RobotState> = {}): RobotState => ({
  id: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  name: 'sim-robot-1',
  kind: 'simulated',
  online: true,
  battery: 76,
  cpu: 34,
  ram: 48,
  lastUpdated: AT,
  location: { lat: 52.5, lng: 13.4 },
  link: null,
  ...overrides,
});

describe(FleetTelemetryRecorder.name, () => {
  it('should turn an update into a sample of battery, cpu, ram and position', () => {
    const sample = sampleOfRobot(robot());
    expect(sample).toMatchObject({
      robotId: robot().id,
      at: AT,
      values: { battery: 76, cpu: 34, ram: 48, lat: 52.5, lng: 13.4, x: null, voltage: null },
    });
  });

  it('should store nothing for a robot that went offline', () => {
    expect(sampleOfRobot(robot({ online: false }))).toBeNull();
  });

  it('should record each online update in the store, and stop before shutdown', () => {
    const updates$ = new Subject<RobotState>();
    const nowAt = AT;
    const recorded: TelemetrySample[] = [];
    const store = { record: (s: TelemetrySample) => recorded.push(s) } as unknown as TelemetryStore;
    const recorder = new FleetTelemetryRecorder(
      { updates$ } as unknown as SimulatedFleetSource,
      { updates$: new Subject<RobotState>() } as unknown as MqttFleetSource,
      store,
      { now: () => nowAt } as Clock,
    );
    recorder.onApplicationBootstrap();
    updates$.next(robot());
    updates$.next(robot({ online: false }));
    recorder.beforeApplicationShutdown();
    updates$.next(robot());
    expect(recorded).toHaveLength(1);
  });

  it('should store at most one sample a second for each MQTT vehicle', () => {
    const vehicles$ = new Subject<RobotState>();
    const recorded: TelemetrySample[] = [];
    const store = { record: (s: TelemetrySample) => recorded.push(s) } as unknown as TelemetryStore;
    let nowAt = AT;
    const recorder = new FleetTelemetryRecorder(
      { updates$: new Subject<RobotState>() } as unknown as SimulatedFleetSource,
      { updates$: vehicles$ } as unknown as MqttFleetSource,
      store,
      { now: () => nowAt } as Clock,
    );
    recorder.onApplicationBootstrap();
    const vehicle = (id: string): RobotState => robot({ id, kind: 'mqtt', cpu: null, ram: null });
    const later = (ms: number) => (nowAt = new Date(AT.getTime() + ms));
    vehicles$.next(vehicle('a'));
    later(500);
    vehicles$.next(vehicle('a')); // too soon after the first
    vehicles$.next(vehicle('b')); // another vehicle has its own second
    later(1000);
    vehicles$.next(vehicle('a'));
    recorder.beforeApplicationShutdown();
    expect(recorded.map((sample) => sample.robotId)).toEqual(['a', 'b', 'a']);
  });
});
