import request from 'supertest';
import { bearer } from '../helpers/auth';
import { RoverRig, waitUntil } from '../helpers/rover-rig';

const ACK_TIMEOUT_MS = 300;

interface CommandRecord {
  id: string;
  status: string;
  reason: string | null;
  forward: number | null;
  turn: number | null;
  duration: number | null;
  stages: Record<
    'queued' | 'sent' | 'acknowledged' | 'completed' | 'rejected' | 'timed_out',
    string | null
  >;
}

const ms = (iso: string | null): number => {
  if (iso === null) throw new Error('expected a timestamp, got null');
  return Date.parse(iso);
};

describe('rover control over a real pty (POST /api/rover/control)', () => {
  let rig: RoverRig;

  beforeAll(async () => {
    rig = await RoverRig.start({ env: { COMMAND_ACK_TIMEOUT_MS: String(ACK_TIMEOUT_MS) } });
  });
  afterAll(() => rig?.close());
  beforeEach(() => rig.reset());

  const history = async (id: string): Promise<CommandRecord> => {
    const res = await request(rig.baseUrl)
      .get(`/api/rover/commands/${id}`)
      .set(...bearer(rig.viewer));
    expect(res.status).toBe(200);
    return res.body as CommandRecord;
  };
  /** The newest history rows; refused commands have no command_id in their error body. */
  const latestCommands = async (limit = 5): Promise<CommandRecord[]> => {
    const res = await request(rig.baseUrl)
      .get(`/api/rover/commands?limit=${limit}`)
      .set(...bearer(rig.viewer));
    expect(res.status).toBe(200);
    return (res.body as { items: CommandRecord[] }).items;
  };

  it('should answer 200 with the executed command only after the rover ACKed the MOV, with every stage in order', async () => {
    const res = await rig.control(rig.operator, { forward: 0.5, turn: -0.25 });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'success',
      command_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      timestamp: expect.any(String),
      executed_command: { forward: 0.5, turn: -0.25, duration: null },
    });
    const movs = rig.rover.framesOfType('MOV');
    expect(movs).toHaveLength(1);
    expect(movs[0].fields).toEqual(['0.50', '-0.25', '0']);

    const record = await history(res.body.command_id);
    expect(record.status).toBe('completed');
    const { queued, sent, acknowledged, completed, rejected, timed_out } = record.stages;
    expect(ms(queued)).toBeLessThanOrEqual(ms(sent));
    expect(ms(sent)).toBeLessThanOrEqual(ms(acknowledged));
    expect(ms(acknowledged)).toBeLessThanOrEqual(ms(completed));
    expect(rejected).toBeNull();
    expect(timed_out).toBeNull();
    // The answer's timestamp is the ACK's, not the request's.
    expect(res.body.timestamp).toBe(acknowledged);
  });

  it('should complete a timed move only when the rover reports DON, not on its ACK', async () => {
    const res = await rig.control(rig.operator, { forward: 0.3, turn: 0, duration: 0.6 });

    expect(res.status).toBe(200);
    expect(res.body.executed_command).toEqual({ forward: 0.3, turn: 0, duration: 0.6 });
    expect(rig.rover.framesOfType('MOV')[0].fields).toEqual(['0.30', '0.00', '600']);
    const acked = await history(res.body.command_id);
    expect(acked.status).toBe('acknowledged');
    expect(acked.stages.acknowledged).not.toBeNull();
    expect(acked.stages.completed).toBeNull();

    const done = await waitUntil(
      'the timed move to complete',
      async () => {
        const record = await history(res.body.command_id);
        return record.status === 'completed' ? record : undefined;
      },
      3000,
    );
    // DON comes 600 ms after the MOV; completion cannot be stamped before it.
    expect(ms(done.stages.completed) - ms(done.stages.acknowledged)).toBeGreaterThanOrEqual(500);
    expect(ms(done.stages.acknowledged)).toBeLessThanOrEqual(ms(done.stages.completed));
  });

  it('should answer 504 command_timeout when the rover never acknowledges, and never record it as completed', async () => {
    rig.rover.setMode('silent');
    const started = Date.now();
    const res = await rig.control(rig.operator, { forward: 0.4, turn: 0 });
    const elapsed = Date.now() - started;

    expect(res.status).toBe(504);
    expect(res.body.error).toBe('command_timeout');
    expect(elapsed).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS - 10);
    const mov = await rig.rover.waitForFrame('MOV', 1000);
    const [record] = await latestCommands(1);
    expect(record.status).toBe('timed_out');
    expect(record.stages.sent).not.toBeNull();
    expect(record.stages.timed_out).not.toBeNull();
    expect(record.stages.acknowledged).toBeNull();
    expect(record.stages.completed).toBeNull();

    // An ACK that turns up after the deadline must not turn the failure into a success.
    rig.rover.setMode('ack');
    rig.rover.send({ type: 'ACK', hostSeq: mov.seq });
    const ok = await rig.control(rig.operator, { forward: 0, turn: 0 });
    expect(ok.status).toBe(200);
    const again = await history(record.id);
    expect(again.status).toBe('timed_out');
    expect(again.stages.completed).toBeNull();
    expect(again.stages.acknowledged).toBeNull();
  });

  it('should map a NAK ESTOP to 409 estop_latched and record the command as rejected with the reason', async () => {
    rig.rover.setMode('nak', 'ESTOP');
    const res = await rig.control(rig.operator, { forward: 0.2, turn: 0 });

    expect(res.status).toBe(409);
    expect(res.body.error).toBe('estop_latched');
    expect(rig.rover.framesOfType('MOV')).toHaveLength(1);
    const [record] = await latestCommands(1);
    expect(record.status).toBe('rejected');
    expect(record.reason).toContain('ESTOP');
    expect(record.stages.rejected).not.toBeNull();
    expect(record.stages.completed).toBeNull();
    expect(record.stages.acknowledged).toBeNull();
  });

  it('should map a NAK LOWBAT to 422 naming LOWBAT and record the command as rejected with the reason', async () => {
    rig.rover.setMode('nak', 'LOWBAT');
    const res = await rig.control(rig.operator, { forward: 0.2, turn: 0.1 });

    expect(res.status).toBe(422);
    expect(res.body.message).toContain('LOWBAT');
    const [record] = await latestCommands(1);
    expect(record.status).toBe('rejected');
    expect(record.reason).toContain('LOWBAT');
    expect(record.stages.completed).toBeNull();
  });

  it('should refuse control and resume to a viewer with 403 and write nothing to the rover', async () => {
    const drive = await rig.control(rig.viewer, { forward: 0.5, turn: 0 });
    expect(drive.status).toBe(403);
    expect(drive.body.error).toBe('forbidden');

    const resume = await request(rig.baseUrl)
      .post('/api/rover/resume')
      .set(...bearer(rig.viewer))
      .send({ reason: 'I should not be able to do this' });
    expect(resume.status).toBe(403);

    await rig.rover.expectNoFrame('MOV', 200);
    expect(rig.rover.framesOfType('RES')).toHaveLength(0);
  });

  it('should refuse control without a token with 401', async () => {
    const res = await request(rig.baseUrl)
      .post('/api/rover/control')
      .send({ forward: 0.5, turn: 0 });
    expect(res.status).toBe(401);
    await rig.rover.expectNoFrame('MOV', 100);
  });
});
