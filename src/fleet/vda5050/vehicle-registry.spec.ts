import { robotId } from '../../common/robots/robot-id';
import { FLEET_BASE, offsetToLatLng } from '../geo';
import type { ConnectionState, RobotState } from '../robot';
import { vehicleTopic } from './vda5050-topics';
import {
  type IngestOutcome,
  mqttRobotId,
  VehicleRegistry,
  type VehicleRegistryOptions,
} from './vehicle-registry';

const T0 = new Date('2026-11-25T12:00:00Z').getTime();
const STALE_MS = 30_000;
const OPTIONS: VehicleRegistryOptions = {
  interfaceName: 'uagv',
  majorVersion: 'v2',
  maxRobots: 2,
  maxMessageBytes: 4096,
  staleMs: STALE_MS,
};

interface Vehicle {
  manufacturer: string;
  serialNumber: string;
}
const AGV: Vehicle = { manufacturer: 'acme', serialNumber: 'agv-1' };
const AGV2: Vehicle = { manufacturer: 'acme', serialNumber: 'agv-2' };
const AGV3: Vehicle = { manufacturer: 'other-co', serialNumber: 'agv-1' };
const AGV_ID = mqttRobotId(AGV.manufacturer, AGV.serialNumber);

type Message = Record<string, unknown>;
type Accepted = Extract<IngestOutcome, { accepted: true }>;
type Dropped = Extract<IngestOutcome, { accepted: false }>;

const at = (ms = 0): Date => new Date(T0 + ms);
const json = (message: unknown): Buffer => Buffer.from(JSON.stringify(message));
const topic = (subtopic: 'state' | 'connection', vehicle: Vehicle = AGV): string =>
  vehicleTopic(OPTIONS, vehicle, subtopic);

function header(headerId: number, vehicle: Vehicle = AGV): Message {
  return {
    headerId,
    timestamp: new Date(T0).toISOString(),
    version: '2.0.0',
    manufacturer: vehicle.manufacturer,
    serialNumber: vehicle.serialNumber,
  };
}

/** A valid VDA 5050 2.x state (the fields the schema requires, plus a position). */
function stateMessage(headerId: number, overrides: Message = {}, vehicle: Vehicle = AGV): Message {
  return {
    ...header(headerId, vehicle),
    orderId: '',
    orderUpdateId: 0,
    lastNodeId: '',
    lastNodeSequenceId: 0,
    nodeStates: [],
    edgeStates: [],
    driving: true,
    paused: false,
    operatingMode: 'AUTOMATIC',
    agvPosition: { x: 1, y: 2, theta: 0, mapId: 'hall-1', positionInitialized: true },
    actionStates: [],
    batteryState: { batteryCharge: 80, charging: false },
    errors: [],
    safetyState: { eStop: 'NONE', fieldViolation: false },
    ...overrides,
  };
}

function connectionMessage(
  headerId: number,
  connectionState: ConnectionState,
  vehicle: Vehicle = AGV,
): Message {
  return { ...header(headerId, vehicle), connectionState };
}

function sendState(
  registry: VehicleRegistry,
  headerId: number,
  atMs = 0,
  overrides: Message = {},
  vehicle: Vehicle = AGV,
): IngestOutcome {
  return registry.ingest(
    topic('state', vehicle),
    json(stateMessage(headerId, overrides, vehicle)),
    at(atMs),
  );
}

function sendConnection(
  registry: VehicleRegistry,
  headerId: number,
  connectionState: ConnectionState,
  atMs = 0,
  vehicle: Vehicle = AGV,
): IngestOutcome {
  return registry.ingest(
    topic('connection', vehicle),
    json(connectionMessage(headerId, connectionState, vehicle)),
    at(atMs),
  );
}

function accepted(outcome: IngestOutcome): Accepted {
  if (!outcome.accepted) throw new Error(`dropped: ${outcome.reason} (${outcome.detail})`);
  return outcome;
}

function dropped(outcome: IngestOutcome): Dropped {
  if (outcome.accepted) throw new Error('accepted, expected a drop');
  return outcome;
}

/** AGV came ONLINE (connection headerId 5) and reported a state (headerId 10), both at T0. */
function registryWithAgv(options: Partial<VehicleRegistryOptions> = {}): VehicleRegistry {
  const registry = new VehicleRegistry({ ...OPTIONS, ...options });
  accepted(sendConnection(registry, 5, 'ONLINE'));
  accepted(sendState(registry, 10));
  return registry;
}

describe(VehicleRegistry.name, () => {
  describe('a valid connection and state', () => {
    it('should make a robot with the fields the vehicle reported', () => {
      const registry = new VehicleRegistry(OPTIONS);
      const connection = accepted(sendConnection(registry, 0, 'ONLINE', 0));
      expect(connection).toMatchObject({ subtopic: 'connection', before: null });
      expect(connection).not.toHaveProperty('state');

      const message = stateMessage(0, {
        driving: false,
        paused: true,
        operatingMode: 'SEMIAUTOMATIC',
        agvPosition: { x: 12.5, y: -7.25, theta: 1.5, mapId: 'hall-2', positionInitialized: true },
        batteryState: { batteryCharge: 42.6, charging: true },
        errors: [
          { errorType: 'lowBattery', errorLevel: 'WARNING', errorDescription: 'charge soon' },
          { errorType: 'bumper', errorLevel: 'FATAL' },
        ],
        safetyState: { eStop: 'AUTOACK', fieldViolation: true },
      });
      const outcome = accepted(registry.ingest(topic('state'), json(message), at(1000)));

      const expected: RobotState = {
        id: AGV_ID,
        name: 'agv-1',
        kind: 'mqtt',
        online: true,
        battery: 43,
        cpu: null,
        ram: null,
        lastUpdated: at(1000),
        location: offsetToLatLng(FLEET_BASE, 12.5, -7.25),
        link: null,
        vehicle: {
          manufacturer: 'acme',
          serialNumber: 'agv-1',
          connectionState: 'ONLINE',
          stale: false,
          driving: false,
          paused: true,
          operatingMode: 'SEMIAUTOMATIC',
          errors: [
            { type: 'lowBattery', level: 'WARNING', description: 'charge soon' },
            { type: 'bumper', level: 'FATAL', description: null },
          ],
          safetyState: { eStop: 'AUTOACK', fieldViolation: true },
          position: { x: 12.5, y: -7.25, theta: 1.5, mapId: 'hall-2' },
        },
      };
      expect(outcome.subtopic).toBe('state');
      expect(outcome.robot).toEqual(expected);
      expect(outcome.state).toEqual(message);
      expect(outcome.before).toEqual(connection.robot.vehicle);
      expect(registry.robots()).toEqual([expected]);
      expect(registry.get(AGV_ID)).toEqual(expected);
      expect(registry.identity(AGV_ID)).toEqual(AGV);
      expect(registry.size).toBe(1);
      expect(registry.onlineCount()).toBe(1);
    });

    it('should derive the id from manufacturer and serial number, as a UUID', () => {
      expect(AGV_ID).toBe(robotId('mqtt', 'acme/agv-1'));
      expect(AGV_ID).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(mqttRobotId('other-co', 'agv-1')).not.toBe(AGV_ID);
    });

    it('should know a vehicle first heard on connection, with nothing reported yet', () => {
      const registry = new VehicleRegistry(OPTIONS);
      const outcome = accepted(sendConnection(registry, 0, 'ONLINE', 500));
      expect(outcome.robot).toEqual({
        id: AGV_ID,
        name: 'agv-1',
        kind: 'mqtt',
        online: true,
        battery: null,
        cpu: null,
        ram: null,
        lastUpdated: at(500),
        location: null,
        link: null,
        vehicle: {
          manufacturer: 'acme',
          serialNumber: 'agv-1',
          connectionState: 'ONLINE',
          stale: false,
          driving: null,
          paused: null,
          operatingMode: null,
          errors: [],
          safetyState: null,
          position: null,
        },
      });
    });

    it.each([
      [42.4, 42],
      [42.5, 43],
      [99.6, 100],
      [150, 100],
      [-5, 0],
      [0, 0],
      [100, 100],
    ])('should report a battery charge of %p as %p', (charge, battery) => {
      const registry = new VehicleRegistry(OPTIONS);
      const outcome = accepted(
        sendState(registry, 0, 0, { batteryState: { batteryCharge: charge, charging: false } }),
      );
      expect(outcome.robot.battery).toBe(battery);
    });

    it('should keep at most 32 errors and cut their texts to 200 characters', () => {
      const errors = Array.from({ length: 40 }, (_, i) => ({
        errorType: `type-${i}`,
        errorLevel: 'WARNING',
      }));
      errors[0] = {
        errorType: 't'.repeat(300),
        errorLevel: 'FATAL',
        errorDescription: 'd'.repeat(300),
      } as (typeof errors)[number];
      const registry = new VehicleRegistry(OPTIONS);
      const vehicle = accepted(sendState(registry, 0, 0, { errors })).robot.vehicle;
      expect(vehicle?.errors).toHaveLength(32);
      expect(vehicle?.errors[0]).toEqual({
        type: 't'.repeat(200),
        level: 'FATAL',
        description: 'd'.repeat(200),
      });
      expect(vehicle?.errors.slice(1).map((e) => e.type)).toEqual(
        Array.from({ length: 31 }, (_, i) => `type-${i + 1}`),
      );
      expect(vehicle?.errors[1].description).toBeNull();
    });

    it('should cut a long mapId to 200 characters', () => {
      const registry = new VehicleRegistry(OPTIONS);
      const agvPosition = {
        x: 0,
        y: 0,
        theta: 0,
        mapId: 'm'.repeat(300),
        positionInitialized: true,
      };
      const outcome = accepted(sendState(registry, 0, 0, { agvPosition }));
      expect(outcome.robot.vehicle?.position?.mapId).toBe('m'.repeat(200));
      expect(outcome.robot.location).toEqual(FLEET_BASE);
    });

    it('should leave position, location and paused unknown when the state has none', () => {
      const registry = new VehicleRegistry(OPTIONS);
      const message = stateMessage(0);
      delete message.agvPosition;
      delete message.paused;
      const outcome = accepted(registry.ingest(topic('state'), json(message), at()));
      expect(outcome.robot.location).toBeNull();
      expect(outcome.robot.vehicle).toMatchObject({ position: null, paused: null, driving: true });
    });

    it('should follow the latest state', () => {
      const registry = registryWithAgv();
      accepted(
        sendState(registry, 11, 2000, {
          batteryState: { batteryCharge: 55, charging: false },
          agvPosition: { x: -3, y: 4, theta: 0.5, mapId: 'hall-1', positionInitialized: true },
          errors: [{ errorType: 'bumper', errorLevel: 'FATAL' }],
        }),
      );
      const robot = registry.get(AGV_ID);
      expect(robot).toMatchObject({
        battery: 55,
        lastUpdated: at(2000),
        location: offsetToLatLng(FLEET_BASE, -3, 4),
      });
      expect(robot?.vehicle?.errors).toEqual([
        { type: 'bumper', level: 'FATAL', description: null },
      ]);
      expect(registry.size).toBe(1);
    });

    it('should answer nothing for an unknown id', () => {
      const registry = registryWithAgv();
      expect(registry.get('nope')).toBeUndefined();
      expect(registry.identity('nope')).toBeUndefined();
    });
  });

  describe('drops', () => {
    const longState = (): Buffer =>
      Buffer.concat([json(stateMessage(11)), Buffer.alloc(4096, ' ')]);
    const withoutBattery = (): Buffer => {
      const message = stateMessage(11);
      delete message.batteryState;
      return json(message);
    };

    it.each<{
      name: string;
      topic: string;
      payload: () => Buffer;
      reason: string;
      subtopic: string;
      vehicleKey?: string;
      prepare?: (registry: VehicleRegistry) => void;
    }>([
      {
        name: 'another interface',
        topic: 'other/v2/acme/agv-1/state',
        payload: () => json(stateMessage(11)),
        reason: 'bad_topic',
        subtopic: 'other',
      },
      {
        name: 'another major version',
        topic: 'uagv/v1/acme/agv-1/state',
        payload: () => json(stateMessage(11)),
        reason: 'bad_topic',
        subtopic: 'other',
      },
      {
        name: 'a serial number with a space',
        topic: 'uagv/v2/acme/agv 1/state',
        payload: () => json(stateMessage(0, {}, { manufacturer: 'acme', serialNumber: 'agv 1' })),
        reason: 'bad_topic',
        subtopic: 'other',
      },
      {
        name: 'a serial number with a +',
        topic: 'uagv/v2/acme/agv+1/connection',
        payload: () =>
          json(connectionMessage(0, 'ONLINE', { manufacturer: 'acme', serialNumber: 'agv+1' })),
        reason: 'bad_topic',
        subtopic: 'other',
      },
      {
        name: '6 levels',
        topic: 'uagv/v2/acme/agv-1/state/extra',
        payload: () => json(stateMessage(11)),
        reason: 'bad_topic',
        subtopic: 'other',
      },
      {
        name: 'an unknown subtopic',
        topic: 'uagv/v2/acme/agv-1/order',
        payload: () => json(stateMessage(11)),
        reason: 'bad_topic',
        subtopic: 'other',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'the instantActions subtopic',
        topic: 'uagv/v2/acme/agv-1/instantActions',
        payload: () => json({ ...header(11), actions: [] }),
        reason: 'bad_topic',
        subtopic: 'other',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'a payload over maxMessageBytes',
        topic: topic('state'),
        payload: longState,
        reason: 'too_large',
        subtopic: 'state',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'a payload that is not JSON',
        topic: topic('state'),
        payload: () => Buffer.from('{"headerId": 11,'),
        reason: 'not_json',
        subtopic: 'state',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'an empty payload',
        topic: topic('connection'),
        payload: () => Buffer.alloc(0),
        reason: 'not_json',
        subtopic: 'connection',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'a state without its batteryState',
        topic: topic('state'),
        payload: withoutBattery,
        reason: 'schema',
        subtopic: 'state',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'a state with a text battery charge',
        topic: topic('state'),
        payload: () =>
          json(stateMessage(11, { batteryState: { batteryCharge: '80', charging: false } })),
        reason: 'schema',
        subtopic: 'state',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'a state with a fractional headerId',
        topic: topic('state'),
        payload: () => json(stateMessage(11.5)),
        reason: 'schema',
        subtopic: 'state',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'a JSON array',
        topic: topic('state'),
        payload: () => json([stateMessage(11)]),
        reason: 'schema',
        subtopic: 'state',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'a connection state outside the standard',
        topic: topic('connection'),
        payload: () => json(connectionMessage(6, 'DISCONNECTED' as ConnectionState)),
        reason: 'schema',
        subtopic: 'connection',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'a connection with a bad timestamp',
        topic: topic('connection'),
        payload: () => json({ ...connectionMessage(6, 'OFFLINE'), timestamp: 'yesterday' }),
        reason: 'schema',
        subtopic: 'connection',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'a state on the connection topic',
        topic: topic('connection'),
        payload: () => json(stateMessage(11)),
        reason: 'schema',
        subtopic: 'connection',
        vehicleKey: 'acme/agv-1',
      },
      ...['1.1.0', '3.0.0', '2.0', '2.0.0-rc1', 'v2.0.0'].map((version) => ({
        name: `version ${version}`,
        topic: topic('state'),
        payload: () => json({ ...stateMessage(11), version }),
        reason: 'version',
        subtopic: 'state',
        vehicleKey: 'acme/agv-1',
      })),
      {
        name: 'a connection of version 1.x',
        topic: topic('connection'),
        payload: () => json({ ...connectionMessage(6, 'OFFLINE'), version: '1.1.0' }),
        reason: 'version',
        subtopic: 'connection',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'a payload naming another manufacturer',
        topic: topic('state'),
        payload: () => json(stateMessage(11, { manufacturer: 'other-co' })),
        reason: 'identity_mismatch',
        subtopic: 'state',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'a payload naming another serial number',
        topic: topic('connection'),
        payload: () => json(connectionMessage(6, 'OFFLINE', AGV2)),
        reason: 'identity_mismatch',
        subtopic: 'connection',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'a new vehicle whose payload names a known one',
        topic: topic('state', AGV2),
        payload: () => json(stateMessage(11)),
        reason: 'identity_mismatch',
        subtopic: 'state',
        vehicleKey: 'acme/agv-2',
      },
      {
        name: 'a state repeating the last headerId',
        topic: topic('state'),
        payload: () => json(stateMessage(10)),
        reason: 'header_id_backwards',
        subtopic: 'state',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'a state with an older headerId',
        topic: topic('state'),
        payload: () => json(stateMessage(3)),
        reason: 'header_id_backwards',
        subtopic: 'state',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'an ONLINE repeating the last headerId',
        topic: topic('connection'),
        payload: () => json(connectionMessage(5, 'ONLINE')),
        reason: 'header_id_backwards',
        subtopic: 'connection',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'an OFFLINE with an older headerId',
        topic: topic('connection'),
        payload: () => json(connectionMessage(4, 'OFFLINE')),
        reason: 'header_id_backwards',
        subtopic: 'connection',
        vehicleKey: 'acme/agv-1',
      },
      {
        name: 'a vehicle beyond maxRobots',
        prepare: (registry) => {
          accepted(sendState(registry, 0, 0, {}, AGV2));
        },
        topic: topic('state', AGV3),
        payload: () => json(stateMessage(0, {}, AGV3)),
        reason: 'too_many_robots',
        subtopic: 'state',
        vehicleKey: 'other-co/agv-1',
      },
    ])('should drop $name and change nothing', (drop) => {
      const registry = registryWithAgv();
      drop.prepare?.(registry);
      const before = registry.robots();
      const online = registry.onlineCount();

      const outcome = dropped(registry.ingest(drop.topic, drop.payload(), at(1000)));

      expect(outcome).toEqual({
        accepted: false,
        subtopic: drop.subtopic,
        reason: drop.reason,
        detail: expect.any(String) as string,
        vehicleKey: drop.vehicleKey,
      });
      expect(outcome.detail.length).toBeGreaterThan(0);
      expect(registry.robots()).toEqual(before);
      expect(registry.size).toBe(before.length);
      expect(registry.onlineCount()).toBe(online);
    });

    it('should drop nothing that is only as large as maxMessageBytes', () => {
      const payload = json(stateMessage(0));
      const registry = new VehicleRegistry({ ...OPTIONS, maxMessageBytes: payload.length });
      accepted(registry.ingest(topic('state'), payload, at()));
      const larger = Buffer.concat([json(stateMessage(1)), Buffer.from(' ')]);
      expect(dropped(registry.ingest(topic('state'), larger, at(1))).reason).toBe('too_large');
    });

    it('should not keep a vehicle none of whose messages was accepted', () => {
      const registry = new VehicleRegistry(OPTIONS);
      registry.ingest(topic('state'), Buffer.from('nope'), at());
      registry.ingest(topic('state'), json({ ...stateMessage(0), version: '1.1.0' }), at());
      registry.ingest(topic('connection'), json(connectionMessage(0, 'ONLINE', AGV2)), at());
      expect(registry.size).toBe(0);
      expect(registry.robots()).toEqual([]);
      expect(registry.get(AGV_ID)).toBeUndefined();
    });

    it('should say in the detail which headerId did not follow which', () => {
      const registry = registryWithAgv();
      expect(dropped(sendState(registry, 7, 1000)).detail).toBe('headerId 7 does not follow 10');
    });

    it('should keep hearing the vehicles it has when maxRobots is reached', () => {
      const registry = registryWithAgv();
      accepted(sendState(registry, 0, 0, {}, AGV2));
      expect(dropped(sendState(registry, 0, 0, {}, AGV3)).reason).toBe('too_many_robots');
      accepted(sendState(registry, 11, 1000));
      accepted(sendConnection(registry, 0, 'ONLINE', 1000, AGV2));
      expect(registry.size).toBe(2);
    });

    it('should accept any 2.x version', () => {
      const registry = new VehicleRegistry(OPTIONS);
      accepted(
        registry.ingest(topic('state'), json({ ...stateMessage(0), version: '2.1.0' }), at()),
      );
      accepted(
        registry.ingest(topic('state'), json({ ...stateMessage(1), version: '2.10.3' }), at(1)),
      );
    });
  });

  describe('header ids', () => {
    it('should accept headerIds that move on, with gaps, per topic', () => {
      const registry = registryWithAgv();
      accepted(sendState(registry, 11, 1000));
      accepted(sendState(registry, 15, 2000));
      // Each topic counts on its own: connection is still at 5.
      accepted(sendConnection(registry, 6, 'OFFLINE', 3000));
      expect(dropped(sendState(registry, 15, 4000)).reason).toBe('header_id_backwards');
    });

    it('should accept CONNECTIONBROKEN whatever its (older) headerId', () => {
      const registry = registryWithAgv();
      const outcome = accepted(sendConnection(registry, 0, 'CONNECTIONBROKEN', 1000));
      expect(outcome.robot.vehicle?.connectionState).toBe('CONNECTIONBROKEN');
      expect(outcome.robot.online).toBe(false);
      // It does not take the counter back: an OFFLINE at or below the ONLINE's 5 is still old.
      expect(dropped(sendConnection(registry, 5, 'OFFLINE', 2000)).reason).toBe(
        'header_id_backwards',
      );
      accepted(sendConnection(registry, 6, 'OFFLINE', 2000));
    });

    it('should accept CONNECTIONBROKEN as the first thing heard', () => {
      const registry = new VehicleRegistry(OPTIONS);
      const outcome = accepted(sendConnection(registry, 3, 'CONNECTIONBROKEN'));
      expect(outcome.before).toBeNull();
      expect(outcome.robot.online).toBe(false);
    });

    it.each<ConnectionState>(['CONNECTIONBROKEN', 'OFFLINE'])(
      'should start a new session on ONLINE after %s: header ids restart from 0',
      (ended) => {
        const registry = registryWithAgv();
        accepted(sendState(registry, 20, 1000));
        accepted(sendConnection(registry, 6, ended, 2000));
        const online = accepted(sendConnection(registry, 0, 'ONLINE', 3000));
        expect(online.robot.online).toBe(true);
        accepted(sendState(registry, 0, 4000));
        accepted(sendState(registry, 1, 5000));
        expect(dropped(sendState(registry, 1, 6000)).reason).toBe('header_id_backwards');
        expect(dropped(sendConnection(registry, 0, 'ONLINE', 7000)).reason).toBe(
          'header_id_backwards',
        );
      },
    );

    it('should accept a backward state headerId only once the vehicle was quiet for staleMs', () => {
      const registry = registryWithAgv();
      expect(dropped(sendState(registry, 0, STALE_MS - 1)).reason).toBe('header_id_backwards');
      // The drop did not count as hearing from it: the window still runs from T0.
      const restarted = accepted(sendState(registry, 0, STALE_MS));
      expect(restarted.robot.vehicle?.stale).toBe(false);
      accepted(sendState(registry, 1, STALE_MS + 1000));
      expect(dropped(sendState(registry, 0, STALE_MS + 2000)).reason).toBe('header_id_backwards');
    });

    it('should accept a backward state headerId after markStale, which is the same window', () => {
      const registry = registryWithAgv();
      expect(registry.markStale(T0 + STALE_MS)).toHaveLength(1);
      const outcome = accepted(sendState(registry, 2, STALE_MS + 500));
      expect(outcome.robot).toMatchObject({ online: true, vehicle: { stale: false } });
      expect(outcome.before?.stale).toBe(true);
    });

    it('should let the same (retained) headerIds in again after forgetHeaderIds()', () => {
      const registry = registryWithAgv();
      expect(dropped(sendConnection(registry, 5, 'ONLINE', 1000)).reason).toBe(
        'header_id_backwards',
      );
      expect(dropped(sendState(registry, 10, 1000)).reason).toBe('header_id_backwards');

      registry.forgetHeaderIds();

      accepted(sendConnection(registry, 5, 'ONLINE', 2000));
      accepted(sendState(registry, 10, 2000));
      // And counting goes on from there.
      expect(dropped(sendState(registry, 10, 3000)).reason).toBe('header_id_backwards');
      expect(registry.get(AGV_ID)?.lastUpdated).toEqual(at(2000));
    });
  });

  describe('online', () => {
    it('should be online on ONLINE, and not on OFFLINE or CONNECTIONBROKEN', () => {
      const registry = new VehicleRegistry(OPTIONS);
      expect(accepted(sendConnection(registry, 0, 'ONLINE')).robot.online).toBe(true);
      expect(registry.onlineCount()).toBe(1);
      expect(accepted(sendConnection(registry, 1, 'OFFLINE')).robot.online).toBe(false);
      expect(registry.onlineCount()).toBe(0);
      accepted(sendConnection(registry, 2, 'ONLINE'));
      expect(accepted(sendConnection(registry, 0, 'CONNECTIONBROKEN')).robot.online).toBe(false);
      expect(registry.get(AGV_ID)?.online).toBe(false);
      expect(registry.onlineCount()).toBe(0);
    });

    it('should stay offline on a state while the connection says OFFLINE', () => {
      const registry = new VehicleRegistry(OPTIONS);
      accepted(sendConnection(registry, 0, 'OFFLINE'));
      expect(accepted(sendState(registry, 0)).robot.online).toBe(false);
    });

    it('should be online on a state without any connection message', () => {
      const registry = new VehicleRegistry(OPTIONS);
      const outcome = accepted(sendState(registry, 0));
      expect(outcome.before).toBeNull();
      expect(outcome.robot.online).toBe(true);
      expect(outcome.robot.vehicle?.connectionState).toBeNull();
      expect(registry.onlineCount()).toBe(1);
    });

    it('should go offline when stale, and online again with the next state', () => {
      const registry = registryWithAgv();
      registry.markStale(T0 + STALE_MS);
      expect(registry.get(AGV_ID)).toMatchObject({ online: false, vehicle: { stale: true } });
      expect(registry.onlineCount()).toBe(0);
      accepted(sendState(registry, 11, STALE_MS + 1));
      expect(registry.get(AGV_ID)).toMatchObject({ online: true, vehicle: { stale: false } });
      expect(registry.onlineCount()).toBe(1);
    });

    it('should not come back online from a connection message while stale', () => {
      const registry = registryWithAgv();
      registry.markStale(T0 + STALE_MS);
      accepted(sendConnection(registry, 6, 'OFFLINE', STALE_MS + 1));
      const outcome = accepted(sendConnection(registry, 7, 'ONLINE', STALE_MS + 2));
      expect(outcome.robot).toMatchObject({ online: false, vehicle: { stale: true } });
    });

    it('should count only the vehicles online', () => {
      const registry = new VehicleRegistry({ ...OPTIONS, maxRobots: 3 });
      accepted(sendState(registry, 0, 0, {}, AGV));
      accepted(sendState(registry, 0, 0, {}, AGV2));
      accepted(sendConnection(registry, 0, 'CONNECTIONBROKEN', 0, AGV3));
      expect(registry.size).toBe(3);
      expect(registry.onlineCount()).toBe(2);
    });
  });

  describe(VehicleRegistry.prototype.markStale.name, () => {
    it('should mark a vehicle stale once its last state is staleMs old, and only once', () => {
      const registry = registryWithAgv();
      expect(registry.markStale(T0 + STALE_MS - 1)).toEqual([]);
      const changed = registry.markStale(T0 + STALE_MS);
      expect(changed).toHaveLength(1);
      expect(changed[0]).toMatchObject({ id: AGV_ID, online: false, vehicle: { stale: true } });
      expect(changed[0]).toEqual(registry.get(AGV_ID));
      expect(registry.markStale(T0 + STALE_MS + 1)).toEqual([]);
      expect(registry.markStale(T0 + 10 * STALE_MS)).toEqual([]);
    });

    it('should keep the last values and lastUpdated of a stale vehicle', () => {
      const registry = registryWithAgv();
      const before = registry.get(AGV_ID);
      registry.markStale(T0 + STALE_MS);
      expect(registry.get(AGV_ID)).toEqual({
        ...before,
        online: false,
        vehicle: { ...before?.vehicle, stale: true },
      });
    });

    it('should answer only the vehicles that changed', () => {
      const registry = registryWithAgv();
      accepted(sendState(registry, 0, 10_000, {}, AGV2));
      expect(registry.markStale(T0 + STALE_MS).map((r) => r.id)).toEqual([AGV_ID]);
      expect(registry.markStale(T0 + 10_000 + STALE_MS).map((r) => r.name)).toEqual(['agv-2']);
      expect(registry.onlineCount()).toBe(0);
    });

    it('should count the window from the last accepted state, not from connection messages', () => {
      const registry = registryWithAgv();
      accepted(sendConnection(registry, 6, 'ONLINE', 20_000));
      expect(registry.markStale(T0 + STALE_MS).map((r) => r.id)).toEqual([AGV_ID]);
    });

    it('should not mark a vehicle that never sent a state', () => {
      const registry = new VehicleRegistry(OPTIONS);
      accepted(sendConnection(registry, 0, 'ONLINE'));
      expect(registry.markStale(T0 + 100 * STALE_MS)).toEqual([]);
      expect(registry.get(AGV_ID)).toMatchObject({ online: true, vehicle: { stale: false } });
    });

    it('should mark it again after it reported and went quiet again', () => {
      const registry = registryWithAgv();
      registry.markStale(T0 + STALE_MS);
      accepted(sendState(registry, 11, STALE_MS + 1000));
      expect(registry.markStale(T0 + 2 * STALE_MS)).toEqual([]);
      expect(registry.markStale(T0 + 2 * STALE_MS + 1000)).toHaveLength(1);
    });
  });

  describe('snapshots', () => {
    /** Changes everything reachable in a snapshot, as a careless caller might. */
    function vandalise(robot: RobotState): void {
      robot.name = 'changed';
      robot.online = false;
      robot.battery = 1;
      if (robot.location) robot.location.lat = 0;
      const vehicle = robot.vehicle;
      if (!vehicle) return;
      vehicle.stale = true;
      vehicle.connectionState = 'OFFLINE';
      vehicle.errors.push({ type: 'added', level: 'FATAL', description: null });
      if (vehicle.errors[0]) vehicle.errors[0].type = 'changed';
      if (vehicle.safetyState) vehicle.safetyState.eStop = 'MANUAL';
      if (vehicle.position) vehicle.position.x = 999;
    }

    function registryWithError(): VehicleRegistry {
      const registry = registryWithAgv();
      accepted(
        sendState(registry, 11, 1000, { errors: [{ errorType: 'e', errorLevel: 'WARNING' }] }),
      );
      return registry;
    }

    it.each<[string, (registry: VehicleRegistry) => RobotState]>([
      ['robots()', (registry) => registry.robots()[0]],
      ['get()', (registry) => registry.get(AGV_ID) as RobotState],
      ['an accepted outcome', (registry) => accepted(sendState(registry, 12, 2000)).robot],
      ['markStale()', (registry) => registry.markStale(T0 + 1000 + STALE_MS)[0]],
    ])('should hand out copies from %s', (_from, take) => {
      const registry = registryWithError();
      const robot = take(registry);
      const expected = registry.get(AGV_ID);
      vandalise(robot);
      expect(registry.get(AGV_ID)).toEqual(expected);
      expect(registry.robots()).toEqual([expected]);
      expect(registry.onlineCount()).toBe(expected?.online ? 1 : 0);
    });

    it('should hand out a copy of the identity', () => {
      const registry = registryWithAgv();
      const identity = registry.identity(AGV_ID);
      if (identity) identity.serialNumber = 'changed';
      expect(registry.identity(AGV_ID)).toEqual(AGV);
    });
  });
});
