import { randomUUID } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';
import request from 'supertest';
import type { AuditEntryDto } from '../../src/audit/dto/audit.dto';
import type { RobotResponseDto } from '../../src/fleet/dto/robot-response.dto';
import type { FleetStopResultDto, RobotStopResultDto } from '../../src/fleet/stop/robot-stop.dto';
import { MqttFleetSource } from '../../src/fleet/sources/mqtt-fleet.source';
import { FleetMqttConnection } from '../../src/fleet/vda5050/fleet-mqtt.connection';
import { vda5050Validators } from '../../src/fleet/vda5050/vda5050-schemas';
import { mqttRobotId } from '../../src/fleet/vda5050/vehicle-registry';
import { bearer, createUserAndLogin, loginAdmin, type Session } from '../helpers/auth';
import { expectErrorEnvelope } from '../helpers/auth-envelope';
import { createTestApp, type TestApp } from '../helpers/create-test-app';
import { TestBroker } from '../helpers/mqtt/broker';
import { FakeAgv, type FakeAgvState, type StopBehaviour } from '../helpers/mqtt/fake-agv';
import { waitUntil } from '../helpers/rover-rig';
import { TcpProxy } from '../helpers/tcp-proxy';

/** FLEET_MQTT_STOP_TIMEOUT_MS for the whole file: short, so that the timeouts are cheap to wait. */
const STOP_TIMEOUT_MS = 500;

interface InstantActions {
  headerId: number;
  timestamp: string;
  version: string;
  manufacturer: string;
  serialNumber: string;
  actions: {
    actionType: string;
    actionId: string;
    blockingType: string;
    actionParameters?: unknown[];
  }[];
}

interface AuditPage {
  items: AuditEntryDto[];
  total: number;
}

/**
 * A third MQTT client subscribed to every vehicle's instantActions: what the service published,
 * and on which topic, whoever it was meant for.
 */
class InstantActionsSpy {
  readonly seen: { topic: string; message: InstantActions }[] = [];

  private constructor(private readonly client: MqttClient) {}

  static async start(brokerUrl: string): Promise<InstantActionsSpy> {
    const client = await connectAsync(brokerUrl, {
      clientId: `stops-spy-${process.pid}-${randomUUID().slice(0, 8)}`,
      reconnectPeriod: 0,
    });
    client.on('error', () => {}); // the broker-down test kills the broker under it
    const spy = new InstantActionsSpy(client);
    client.on('message', (topic, payload) => {
      spy.seen.push({ topic, message: JSON.parse(payload.toString()) as InstantActions });
    });
    await client.subscribeAsync('+/+/+/+/instantActions', { qos: 0 });
    return spy;
  }

  async stop(): Promise<void> {
    await this.client.endAsync(true);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('robot stops over MQTT (API.md §6: POST /api/robots/:id/stop, POST /api/robots/stop)', () => {
  let broker: TestBroker;
  /** The service reaches the broker through this, so that a test can hold its reconnects back. */
  let proxy: TcpProxy;
  let t: TestApp;
  let spy: InstantActionsSpy;
  let admin: Session;
  let operator: Session;
  let viewer: Session;
  /** Every fake started in this file, still running unless a test stopped it, by robot id. */
  const fakes = new Map<string, FakeAgv>();

  beforeAll(async () => {
    broker = await TestBroker.start();
    proxy = await TcpProxy.start({ host: '127.0.0.1', port: broker.port });
    t = await createTestApp({
      env: {
        FLEET_MQTT_URL: `mqtt://127.0.0.1:${proxy.port}`,
        FLEET_MQTT_STOP_TIMEOUT_MS: String(STOP_TIMEOUT_MS),
        // Only the control limit (10/s per user) is under test; status and metric polling would
        // spend the per-caller and /metrics budgets otherwise.
        THROTTLE_LIMIT: '1000000',
        METRICS_THROTTLE_LIMIT: '100000',
      },
    });
    const connection = t.app.get(FleetMqttConnection);
    await waitUntil('the service to connect to the broker', () => connection.connected, 10_000);
    spy = await InstantActionsSpy.start(broker.url);
    admin = await loginAdmin(t.baseUrl);
    operator = await createUserAndLogin(t.baseUrl, admin, 'operator');
    viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
  }, 30_000);

  afterAll(async () => {
    for (const agv of fakes.values()) await agv.stop().catch(() => {});
    await spy?.stop().catch(() => {});
    await t?.close();
    await proxy?.close();
    await broker?.stop();
  });

  const stop = (session: Session, id: string) =>
    request(t.baseUrl)
      .post(`/api/robots/${id}/stop`)
      .set(...bearer(session));

  const stopAll = (session: Session) =>
    request(t.baseUrl)
      .post('/api/robots/stop')
      .set(...bearer(session));

  const getRobot = (id: string) =>
    request(t.baseUrl)
      .get(`/api/robots/${id}`)
      .set(...bearer(viewer));

  async function listRobots(): Promise<RobotResponseDto[]> {
    const res = await request(t.baseUrl)
      .get('/api/robots?limit=100')
      .set(...bearer(viewer));
    expect(res.status).toBe(200);
    const page = res.body as { items: RobotResponseDto[]; total: number };
    expect(page.items).toHaveLength(page.total);
    return page.items;
  }

  async function roverLatched(): Promise<boolean> {
    const res = await request(t.baseUrl).get('/api/rover/status');
    expect(res.status).toBe(200);
    return (res.body as { emergency_stop: boolean }).emergency_stop;
  }

  async function stopAudit(): Promise<AuditPage> {
    const res = await request(t.baseUrl)
      .get('/api/audit?action=robot_stop&limit=100')
      .set(...bearer(admin));
    expect(res.status).toBe(200);
    return res.body as AuditPage;
  }

  /** The robot_stop entries matching `match`, once `count` are there (written after the answer). */
  async function auditEntries(
    what: string,
    match: (entry: AuditEntryDto) => boolean,
    count = 1,
  ): Promise<AuditEntryDto[]> {
    return waitUntil(
      `${count} robot_stop audit entr${count === 1 ? 'y' : 'ies'} for ${what}`,
      async () => {
        const found = (await stopAudit()).items.filter(match);
        return found.length >= count ? found : undefined;
      },
      3000,
      50,
    );
  }

  /** A counter from GET /metrics, summed over the series with `label` (0 while there is none). */
  async function counterValue(name: string, label: string): Promise<number> {
    const res = await request(t.baseUrl).get('/metrics');
    expect(res.status).toBe(200);
    let total = 0;
    for (const line of res.text.split('\n')) {
      const match = new RegExp(`^${name}\\{([^}]*)\\} ([0-9.e+-]+)$`).exec(line);
      if (match && match[1].split(',').includes(label)) total += Number(match[2]);
    }
    return total;
  }

  /** Waits for a counter to reach `expected` (/metrics renders once a second), then pins it. */
  async function expectCounter(name: string, label: string, expected: number): Promise<void> {
    const value = await waitUntil(
      `${name}{${label}} to reach ${expected}`,
      async () => {
        const now = await counterValue(name, label);
        return now >= expected ? now : undefined;
      },
      3000,
      100,
    );
    expect(value).toBe(expected);
  }

  /** Starts a fake AGV and waits until the service has its first state. */
  async function startAgv(
    serialNumber: string,
    stopBehaviour: StopBehaviour,
    options: { stateEveryMs?: number; state?: Partial<FakeAgvState> } = {},
  ): Promise<{ agv: FakeAgv; id: string }> {
    const agv = new FakeAgv({
      brokerUrl: broker.url,
      serialNumber,
      stopBehaviour,
      stateEveryMs: options.stateEveryMs ?? 1000,
      state: options.state,
    });
    const id = mqttRobotId(agv.manufacturer, serialNumber);
    fakes.set(id, agv);
    await agv.start();
    await waitUntil(
      `the service to hear ${serialNumber}`,
      async () => {
        const res = await getRobot(id);
        return res.status === 200 && (res.body as RobotResponseDto).battery !== null;
      },
      5000,
    );
    return { agv, id };
  }

  const received = (agv: FakeAgv) => agv.received as unknown as InstantActions[];
  const spied = (serialNumber: string) =>
    spy.seen.filter((s) => s.message.serialNumber === serialNumber);

  it('should stop an AGV that finishes: one valid stopPause on its topic, 200 FINISHED, paused, audited, counted', async () => {
    const serial = 'agv-finish';
    const { agv, id } = await startAgv(serial, 'finish');
    expect((await getRobot(id)).body).toMatchObject({ paused: false, driving: true });
    const finishedBefore = await counterValue('fleet_robot_stops_total', 'outcome="FINISHED"');

    const res = await stop(operator, id);
    expect(res.status).toBe(200);
    const body = res.body as RobotStopResultDto;
    expect(body).toEqual({
      robotId: id,
      name: serial,
      source: 'mqtt',
      status: 'FINISHED',
      stopped: true,
      actionId: expect.any(String) as string,
      lastStatus: 'FINISHED',
      resultDescription: null,
      elapsedMs: expect.any(Number) as number,
    });
    expect(body.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(body.elapsedMs).toBeLessThan(STOP_TIMEOUT_MS);

    // Exactly one message: wait for the spy's copy, then a little longer for any duplicate.
    await waitUntil('the spy to see the stop', () => spied(serial).length > 0, 2000);
    await sleep(200);
    expect(received(agv)).toHaveLength(1);
    const message = received(agv)[0];
    const valid = vda5050Validators.instantActions(message);
    expect({ valid, errors: vda5050Validators.instantActions.errors ?? null }).toEqual({
      valid: true,
      errors: null,
    });
    expect(message).toMatchObject({
      manufacturer: 'acme',
      serialNumber: serial,
      version: expect.stringMatching(/^2\.\d+\.\d+$/) as string,
    });
    expect(Number.isInteger(message.headerId)).toBe(true);
    expect(message.actions).toHaveLength(1);
    expect(message.actions[0]).toMatchObject({
      actionType: 'stopPause',
      blockingType: 'HARD',
      actionId: body.actionId,
    });
    expect(spied(serial)).toEqual([{ topic: `uagv/v2/acme/${serial}/instantActions`, message }]);

    // The answer came with the state that reported FINISHED: the robot shows it at once.
    expect((await getRobot(id)).body).toMatchObject({ paused: true, driving: false });

    const [entry] = await auditEntries(serial, (e) => e.details.actionId === body.actionId);
    expect(entry).toMatchObject({
      actor: operator.user.username,
      actorId: operator.user.id,
      action: 'robot_stop',
      outcome: 'ok',
      details: {
        scope: 'robot',
        robotId: id,
        status: 'FINISHED',
        actionId: body.actionId,
        source: 'mqtt',
      },
    });
    await expectCounter('fleet_robot_stops_total', 'outcome="FINISHED"', finishedBefore + 1);
  });

  it("should answer 200 FAILED, stopped false, with the robot's resultDescription, and audit it failed", async () => {
    const serial = 'agv-fail';
    const { agv, id } = await startAgv(serial, 'fail');
    const failedBefore = await counterValue('fleet_robot_stops_total', 'outcome="FAILED"');

    const res = await stop(operator, id);
    expect(res.status).toBe(200);
    const body = res.body as RobotStopResultDto;
    expect(body).toMatchObject({
      robotId: id,
      source: 'mqtt',
      status: 'FAILED',
      stopped: false,
      lastStatus: 'FAILED',
      resultDescription: 'brakes unavailable',
    });
    expect(received(agv).map((m) => m.actions[0].actionId)).toEqual([body.actionId]);
    expect((await getRobot(id)).body).toMatchObject({ paused: false });

    const [entry] = await auditEntries(serial, (e) => e.details.actionId === body.actionId);
    expect(entry).toMatchObject({
      actor: operator.user.username,
      outcome: 'failed',
      details: {
        scope: 'robot',
        robotId: id,
        status: 'FAILED',
        resultDescription: 'brakes unavailable',
      },
    });
    await expectCounter('fleet_robot_stops_total', 'outcome="FAILED"', failedBefore + 1);
  });

  it('should answer 504 command_timeout after FLEET_MQTT_STOP_TIMEOUT_MS when no end is reported (ignored, or stuck RUNNING)', async () => {
    // States keep coming (every 100 ms), just without the action: they must not end the wait.
    const ignoring = await startAgv('agv-ignore', 'ignore', { stateEveryMs: 100 });
    const running = await startAgv('agv-running', 'running', { stateEveryMs: 100 });
    const timeoutsBefore = await counterValue('fleet_robot_stops_total', 'outcome="TIMEOUT"');

    const startedAt = Date.now();
    const ignored = await stop(operator, ignoring.id);
    const ignoredMs = Date.now() - startedAt;
    expect(ignored.status).toBe(504);
    expectErrorEnvelope(ignored.body, 504, 'command_timeout', `/api/robots/${ignoring.id}/stop`);
    expect(ignoredMs).toBeGreaterThanOrEqual(STOP_TIMEOUT_MS - 50);
    expect(ignoredMs).toBeLessThan(2000);
    expect(received(ignoring.agv)).toHaveLength(1);
    const ignoredActionId = received(ignoring.agv)[0].actions[0].actionId;
    expect((ignored.body as { result?: unknown }).result).toMatchObject({
      robotId: ignoring.id,
      status: 'TIMEOUT',
      stopped: false,
      actionId: ignoredActionId,
      lastStatus: null,
    });

    const runningStartedAt = Date.now();
    const stuck = await stop(operator, running.id);
    const stuckMs = Date.now() - runningStartedAt;
    expect(stuck.status).toBe(504);
    expectErrorEnvelope(stuck.body, 504, 'command_timeout');
    expect(stuckMs).toBeGreaterThanOrEqual(STOP_TIMEOUT_MS - 50);
    expect(stuckMs).toBeLessThan(2000);
    expect(JSON.stringify(stuck.body)).toContain('"RUNNING"');
    const runningActionId = received(running.agv)[0].actions[0].actionId;
    expect((stuck.body as { result?: unknown }).result).toMatchObject({
      robotId: running.id,
      status: 'TIMEOUT',
      actionId: runningActionId,
      lastStatus: 'RUNNING',
    });

    const entries = await auditEntries(
      'the two timeouts',
      (e) => e.details.actionId === ignoredActionId || e.details.actionId === runningActionId,
      2,
    );
    expect(entries).toHaveLength(2);
    for (const entry of entries)
      expect(entry).toMatchObject({
        actor: operator.user.username,
        outcome: 'unconfirmed',
        details: { scope: 'robot', status: 'TIMEOUT' },
      });
    expect(entries.find((e) => e.details.actionId === runningActionId)?.details.lastStatus).toBe(
      'RUNNING',
    );
    await expectCounter('fleet_robot_stops_total', 'outcome="TIMEOUT"', timeoutsBefore + 2);
  });

  it('should refuse a viewer (403, both routes), an operator stop-all (403), an unknown id (404) and a malformed one (400), sending nothing', async () => {
    const { agv, id } = await startAgv('agv-refused', 'finish');
    const auditBefore = (await stopAudit()).total;
    const spiedBefore = spy.seen.length;
    const receivedBefore = [...fakes.values()].map((fake) => fake.received.length);
    const roverBefore = await roverLatched();

    const viewerOne = await stop(viewer, id);
    expect(viewerOne.status).toBe(403);
    expectErrorEnvelope(viewerOne.body, 403, 'forbidden');
    const viewerAll = await stopAll(viewer);
    expect(viewerAll.status).toBe(403);
    expectErrorEnvelope(viewerAll.body, 403, 'forbidden');
    const operatorAll = await stopAll(operator);
    expect(operatorAll.status).toBe(403);
    expectErrorEnvelope(operatorAll.body, 403, 'forbidden', '/api/robots/stop');

    const unknown = await stop(operator, randomUUID());
    expect(unknown.status).toBe(404);
    expectErrorEnvelope(unknown.body, 404, 'not_found');
    const malformed = await stop(operator, 'not-a-uuid');
    expect(malformed.status).toBe(400);
    expectErrorEnvelope(malformed.body, 400, 'validation_failed');

    await sleep(300);
    expect(spy.seen.length).toBe(spiedBefore);
    expect(agv.received).toHaveLength(0);
    expect([...fakes.values()].map((fake) => fake.received.length)).toEqual(receivedBefore);
    expect((await getRobot(id)).body).toMatchObject({ paused: false, driving: true });
    expect(await roverLatched()).toBe(roverBefore);
    expect((await stopAudit()).total).toBe(auditBefore);
  });

  it('should stop the whole fleet in parallel for an admin: one result per robot, each as the robot answered', async () => {
    const finishing = await startAgv('agv-all-finish', 'finish');
    const ignoring = await startAgv('agv-all-ignore', 'ignore', { stateEveryMs: 100 });
    expect(await roverLatched()).toBe(false);
    const robots = await listRobots();
    const sims = robots.filter((r) => r.source === 'simulator');
    expect(sims.length).toBeGreaterThan(0);
    expect(robots.filter((r) => r.source === 'serial')).toHaveLength(1);
    const expected = new Map<string, string>();
    for (const robot of robots) {
      const fake = fakes.get(robot.id);
      if (robot.source !== 'mqtt') expected.set(robot.id, 'FINISHED');
      else if (!fake) throw new Error(`an MQTT robot this file did not start: ${robot.name}`);
      else
        expected.set(
          robot.id,
          fake.stopBehaviour === 'finish'
            ? 'FINISHED'
            : fake.stopBehaviour === 'fail'
              ? 'FAILED'
              : 'TIMEOUT',
        );
    }
    const timeouts = [...expected.values()].filter((s) => s === 'TIMEOUT').length;
    // Run one after the other, these alone would take timeouts x STOP_TIMEOUT_MS.
    expect(timeouts).toBeGreaterThanOrEqual(3);
    const finishingBefore = finishing.agv.received.length;
    const auditBefore = (await stopAudit()).total;

    const startedAt = Date.now();
    const res = await stopAll(admin);
    const elapsedMs = Date.now() - startedAt;
    expect(res.status).toBe(200);
    const body = res.body as FleetStopResultDto;
    expect(body.total).toBe(robots.length);
    expect(body.results).toHaveLength(robots.length);
    expect(body.results.map((r) => r.robotId).sort()).toEqual(robots.map((r) => r.id).sort());
    expect(Object.fromEntries(body.results.map((r) => [r.name, r.status]))).toEqual(
      Object.fromEntries(robots.map((r) => [r.name, expected.get(r.id)])),
    );
    expect(body.stopped).toBe(body.results.filter((r) => r.status === 'FINISHED').length);
    for (const result of body.results) expect(result.stopped).toBe(result.status === 'FINISHED');
    expect(elapsedMs).toBeGreaterThanOrEqual(STOP_TIMEOUT_MS - 50);
    expect(elapsedMs).toBeLessThan(STOP_TIMEOUT_MS + 900);

    const byId = new Map(body.results.map((r) => [r.robotId, r]));
    expect(byId.get(finishing.id)).toMatchObject({ status: 'FINISHED', source: 'mqtt' });
    expect(byId.get(finishing.id)?.actionId).toBe(
      received(finishing.agv)[finishingBefore].actions[0].actionId,
    );
    expect(byId.get(ignoring.id)).toMatchObject({
      status: 'TIMEOUT',
      stopped: false,
      lastStatus: null,
    });
    expect(byId.get(ignoring.id)?.elapsedMs).toBeGreaterThanOrEqual(STOP_TIMEOUT_MS - 50);
    expect(received(ignoring.agv)).toHaveLength(1);
    expect(received(finishing.agv)).toHaveLength(finishingBefore + 1);
    expect((await getRobot(finishing.id)).body).toMatchObject({ paused: true, driving: false });

    for (const sim of sims) {
      expect(byId.get(sim.id)).toMatchObject({ source: 'simulator', status: 'FINISHED' });
      expect((await getRobot(sim.id)).body).toMatchObject({ paused: true });
    }
    const rover = robots.find((r) => r.source === 'serial')!;
    expect(byId.get(rover.id)).toMatchObject({ source: 'serial', status: 'FINISHED' });
    expect(await roverLatched()).toBe(true);

    const entries = await auditEntries(
      'the fleet stop',
      (e) => e.details.scope === 'fleet',
      robots.length,
    );
    expect(entries).toHaveLength(robots.length);
    expect((await stopAudit()).total).toBe(auditBefore + robots.length);
    for (const entry of entries) {
      expect(entry.actor).toBe(admin.user.username);
      expect(entry.details.status).toBe(expected.get(String(entry.details.robotId)));
      expect(entry.outcome).toBe(
        { FINISHED: 'ok', FAILED: 'failed', TIMEOUT: 'unconfirmed' }[String(entry.details.status)],
      );
    }

    // The rover's stop is its e-stop: latched until a resume.
    const resumed = await request(t.baseUrl)
      .post('/api/rover/resume')
      .set(...bearer(admin))
      .send({ reason: 'fleet stop test over' });
    expect(resumed.status).toBe(200);
    expect(await roverLatched()).toBe(false);
  });

  it('should rate limit stops like control: a burst by one operator gets 429 rate_limited, and a refused stop sends nothing', async () => {
    const burster = await createUserAndLogin(t.baseUrl, admin, 'operator');
    const { agv, id } = await startAgv('agv-burst', 'finish');
    // 30 at once: even spread over three fixed 1 s windows, at most 30 - 1 could pass.
    const burstStartedAt = Date.now();
    const answers = await Promise.all(Array.from({ length: 30 }, () => stop(burster, id)));
    const burstMs = Date.now() - burstStartedAt;
    const statuses = answers.map((a) => a.status);
    // Statuses and timing in the failure message, should the burst go wrong.
    const odd = answers
      .filter((a) => a.status !== 200 && a.status !== 429)
      .map((a) => ({ status: a.status, body: a.body as unknown }));
    expect({ burstMs, odd }).toEqual({ burstMs, odd: [] });
    expect({ burstMs, statuses }).toEqual({
      burstMs,
      statuses: expect.arrayContaining([200, 429]) as number[],
    });
    const passed = answers.filter((a) => a.status === 200);
    const limited = answers.filter((a) => a.status === 429);
    for (const answer of limited) {
      expectErrorEnvelope(answer.body, 429, 'rate_limited');
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    for (const answer of passed) expect(answer.body).toMatchObject({ status: 'FINISHED' });

    await sleep(200);
    expect(received(agv)).toHaveLength(passed.length);
    expect(
      received(agv)
        .map((m) => m.actions[0].actionId)
        .sort(),
    ).toEqual(passed.map((a) => (a.body as RobotStopResultDto).actionId).sort());
    // headerId goes up by one per message on the topic (VDA 5050 §6.2).
    const headerIds = received(agv).map((m) => m.headerId);
    expect(headerIds).toEqual(headerIds.map((_, i) => headerIds[0] + i));

    // Another operator has a budget of their own.
    const other = await stop(operator, id);
    expect(other.status).toBe(200);
  });

  it('should answer a stop sent just as the broker connection dies within the stop timeout, and never send it late', async () => {
    // The broker crashes as the request arrives: the socket is gone, but the MQTT client has not
    // seen its 'close' yet, so it still says connected. Seen now and then by timing alone (a stop
    // right after broker.stop()); pinned here by destroying the socket in the same turn as the
    // stop, from inside the request.
    const { agv, id } = await startAgv('agv-dying-link', 'finish');
    const connection = t.app.get(FleetMqttConnection);
    const source = t.app.get(MqttFleetSource);
    const client = (connection as unknown as { client: MqttClient }).client;
    const has = source.has.bind(source);
    const spyHas = jest.spyOn(source, 'has').mockImplementationOnce((robotId: string) => {
      client.stream.destroy();
      return has(robotId);
    });
    const startedAt = Date.now();
    let outcome: string;
    try {
      const res = await stop(operator, id).timeout({ response: STOP_TIMEOUT_MS + 2500 });
      outcome = `${res.status} ${(res.body as { error?: string }).error}`;
    } catch (error) {
      outcome = `no answer after ${Date.now() - startedAt} ms: ${(error as Error).message}`;
    } finally {
      spyHas.mockRestore();
    }
    expect(['503 service_unavailable', '504 command_timeout']).toContain(outcome);

    // The client reconnects on its own; the stop that did not leave must not leave now.
    await waitUntil('the service to reconnect', () => connection.connected, 10_000, 50);
    await sleep(500);
    expect(agv.received).toEqual([]);
  });

  it('should answer 503 at once while the broker is away, and queue nothing for after it returns', async () => {
    const serial = 'agv-broker-down';
    const { agv: before, id } = await startAgv(serial, 'finish');
    const connection = t.app.get(FleetMqttConnection);
    for (const [robotId, fake] of fakes) if (robotId !== id) await fake.stop().catch(() => {});
    await spy.stop();

    await broker.stop();
    // Holds the service's reconnects back until the vehicle listens again (see below).
    await proxy.cut();

    await waitUntil('the service to see the broker gone', () => !connection.connected, 5000);
    const startedAt = Date.now();
    const res = await stop(operator, id);
    const elapsedMs = Date.now() - startedAt;
    expect(res.status).toBe(503);
    expectErrorEnvelope(res.body, 503, 'service_unavailable');
    expect(elapsedMs).toBeLessThan(1000);
    expect((res.body as { result?: unknown }).result).toMatchObject({
      robotId: id,
      status: 'UNREACHABLE',
      stopped: false,
      actionId: null,
    });
    const [entry] = await auditEntries(
      'the stop with the broker away',
      (e) => e.details.robotId === id && e.details.status === 'UNREACHABLE',
    );
    expect(entry).toMatchObject({ actor: operator.user.username, outcome: 'failed' });

    // The broker comes back and the vehicle (its client died with the broker) subscribes again
    // while the service is still away: anything the service had queued would reach it.
    await before.stop();
    await broker.start();
    const spyAfter = await InstantActionsSpy.start(broker.url);
    try {
      const agv = new FakeAgv({
        brokerUrl: broker.url,
        serialNumber: serial,
        stopBehaviour: 'finish',
        stateEveryMs: 100,
        state: { batteryCharge: 42 },
      });
      fakes.set(id, agv);
      await agv.start();
      expect(connection.connected).toBe(false);
      await proxy.restore();
      await waitUntil('the service to reconnect', () => connection.connected, 15_000, 50);
      await waitUntil(
        'the service to hear the restarted vehicle',
        async () => (await getRobot(id)).body.battery === 42,
        5000,
        50,
      );
      await sleep(500);
      expect(agv.received).toEqual([]);
      expect(spyAfter.seen).toEqual([]);

      // And stops work again: one goes out and is answered.
      const again = await stop(operator, id);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ status: 'FINISHED' });
      expect(agv.received).toHaveLength(1);
    } finally {
      await spyAfter.stop();
    }
  }, 30_000);
});
