import request from 'supertest';
import { bearer, createUserAndLogin, type Session } from '../helpers/auth';
import { createTestApp, type TestApp } from '../helpers/create-test-app';
import { RoverRig, waitUntil } from '../helpers/rover-rig';
import { describeWithRedis, TestRedis } from '../helpers/test-redis';

/**
 * The owner's collision guard holds the enabled modules in memory and rereads them every 5 s; a
 * module changed on another instance reaches it over Redis at once (CatalogChanges), so the guard
 * applies it well before its next poll.
 */
const POLL_MS = 5000;
const HEARD_WITHIN_MS = 1000;

describeWithRedis('collision-avoidance modules changed on a second instance (REDIS_URL)', () => {
  let redis: TestRedis;
  let rig: RoverRig;
  let b: TestApp;
  let operatorOnB: Session;

  beforeAll(async () => {
    redis = await TestRedis.claim();
    rig = await RoverRig.start({ env: { REDIS_URL: redis.url(), FLEET_SIMULATION: 'false' } });
    b = await createTestApp({
      db: rig.db,
      env: { REDIS_URL: redis.url(), SERIAL_PORT: 'none', FLEET_SIMULATION: 'false' },
    });
    operatorOnB = await createUserAndLogin(b.baseUrl, rig.admin, 'operator');
  });
  afterAll(async () => {
    await b?.close();
    await rig?.close();
    await redis?.release();
  });
  beforeEach(() => rig.reset());

  const obstacleAt = async (metres: number): Promise<void> => {
    rig.rover.obstacleDistance = metres;
    await waitUntil(
      `telemetry with the obstacle at ${metres}`,
      async () => (await rig.status()).obstacle_distance === metres,
      2000,
    );
  };
  const forward = () => rig.control(rig.operator, { forward: 0.3, turn: 0, duration: 0.2 });

  it("should refuse forward motion on the owner soon after a stop module is enabled on B, well before the owner's poll", async () => {
    await obstacleAt(0.3);
    expect((await forward()).status).toBe(200);

    const created = await request(b.baseUrl)
      .post('/api/collision-avoidance')
      .set(...bearer(operatorOnB))
      .send({
        name: `relay-stop-${Date.now()}`,
        sensorType: 'ultrasonic',
        detectionRange: 3,
        minDistance: 0.5,
        reaction: 'stop',
        enabled: true,
      });
    expect(created.status).toBe(201);
    const startedMs = Date.now();
    try {
      await waitUntil(
        'the owner refusing forward motion',
        async () => {
          const res = await forward();
          return res.status === 409 && (res.body as { error?: string }).error === 'collision_risk';
        },
        HEARD_WITHIN_MS,
        150, // within the control limit of 10 a second
      );
      expect(Date.now() - startedMs).toBeLessThan(POLL_MS);

      // Disabled on B: the owner lets forward motion through again, as soon.
      const disabled = await request(b.baseUrl)
        .patch(`/api/collision-avoidance/${(created.body as { id: string }).id}`)
        .set(...bearer(operatorOnB))
        .send({ enabled: false });
      expect(disabled.status).toBe(200);
      await waitUntil(
        'the owner admitting forward motion',
        async () => (await forward()).status === 200,
        HEARD_WITHIN_MS,
        150, // within the control limit of 10 a second
      );
    } finally {
      await request(b.baseUrl)
        .delete(`/api/collision-avoidance/${(created.body as { id: string }).id}`)
        .set(...bearer(operatorOnB));
    }
  });
});
