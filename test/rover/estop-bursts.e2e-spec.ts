import request from 'supertest';
import { MAX_QUEUED_COMMANDS } from '../../src/rover/command-pipeline';
import { bearer, createUserAndLogin, type Session } from '../helpers/auth';
import { RoverRig, waitUntil } from '../helpers/rover-rig';

interface Entry {
  at: string;
  action: string;
  details: Record<string, unknown>;
}

/** Bursts that must not multiply records or overshoot bounds: repeated e-stops, concurrent commands. */
describe('bursts against the rover', () => {
  let rig: RoverRig;

  beforeAll(async () => {
    rig = await RoverRig.start({ env: { COMMAND_ACK_TIMEOUT_MS: '2000' } });
  });
  afterAll(() => rig?.close());
  beforeEach(() => rig.reset());

  const since = async (path: string, sinceMs: number): Promise<Entry[]> => {
    const res = await request(rig.baseUrl)
      .get(path)
      .set(...bearer(rig.admin));
    expect(res.status).toBe(200);
    return (res.body.items as Entry[]).filter((e) => Date.parse(e.at) >= sinceMs);
  };

  it('should answer and send every one of 300 e-stops in 2 s, but record them as one audit entry and one alert', async () => {
    const startedMs = Date.now() - 5; // timestamps are stored to the millisecond
    const presses = 300;
    const statuses: number[] = [];
    for (let sent = 0; sent < presses; sent += 30) {
      const batch = await Promise.all(
        Array.from({ length: 30 }, () => rig.estop(rig.viewer).then((res) => res.status)),
      );
      statuses.push(...batch);
    }
    const tookMs = Date.now() - startedMs;
    expect(statuses).toHaveLength(presses);
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(tookMs).toBeLessThan(10_000); // a bound on the loop, not a speed target
    await waitUntil(
      'every EST on the wire',
      () => rig.rover.framesOfType('EST').length >= presses,
      5000,
    );

    const entry = await waitUntil(
      'the coalesced audit entry counting the repeats',
      async () => {
        const entries = await since('/api/audit?action=emergency_stop&limit=100', startedMs);
        return entries.length === 1 && entries[0].details.repeats === presses - 1
          ? entries
          : undefined;
      },
      5000,
    );
    expect(entry[0].details).toMatchObject({
      repeats: presses - 1,
      repeatedBy: [rig.viewer.user.username],
    });
    expect(await since('/api/alerts?kind=emergency_stop&limit=100', startedMs)).toHaveLength(1);
  });

  it('should start a new entry for an e-stop after a resume', async () => {
    const startedMs = Date.now() - 5;
    expect((await rig.estop(rig.operator)).status).toBe(200);
    expect((await rig.estop(rig.operator)).status).toBe(200);
    expect((await rig.resume(rig.operator)).status).toBe(200);
    expect((await rig.estop(rig.operator)).status).toBe(200);
    await waitUntil(
      'two e-stop entries',
      async () =>
        (await since('/api/audit?action=emergency_stop&limit=100', startedMs)).length === 2,
      3000,
    );
  });
});

describe('the command queue under a burst', () => {
  const ACK_TIMEOUT_MS = 800;
  let rig: RoverRig;

  beforeAll(async () => {
    rig = await RoverRig.start({ env: { COMMAND_ACK_TIMEOUT_MS: String(ACK_TIMEOUT_MS) } });
  });
  afterAll(() => rig?.close());

  it('should admit at most one command in flight plus the queue bound when many arrive at once', async () => {
    // The rover answers nothing, so no admitted command leaves the queue before the burst is in.
    rig.rover.setMode('silent');
    // Several operators, so the 10/s per-user control limit does not hide the queue's own bound.
    const drivers: Session[] = [];
    for (let i = 0; i < 3; i++)
      drivers.push(await createUserAndLogin(rig.baseUrl, rig.admin, 'operator'));
    const answers = await Promise.all(
      drivers.flatMap((driver) =>
        Array.from({ length: 8 }, (_, i) =>
          rig.control(driver, { forward: 0, turn: (i + 1) / 20 }).then((res) => res),
        ),
      ),
    );
    const admitted = answers.filter((res) => res.status === 504).length;
    const queueFull = answers.filter(
      (res) => res.status === 429 && /queue is full/.test(String(res.body.message)),
    ).length;
    expect(admitted).toBeLessThanOrEqual(MAX_QUEUED_COMMANDS + 1);
    expect(admitted).toBeGreaterThan(0);
    expect(queueFull).toBe(answers.length - admitted);
    expect(rig.rover.framesOfType('MOV')).toHaveLength(admitted);
  });
});
