import request from 'supertest';
import { bearer } from '../helpers/auth';
import { RoverRig, waitUntil } from '../helpers/rover-rig';

/** API.md §4: an unplugged link is detected within 2 s. */
const DETECT_MS = 2000;
/** Reconnect backoff is 0.5 s doubling to 5 s; a few attempts fit in this. */
const RECONNECT_MS = 8000;

interface AlertBody {
  kind: string;
  severity: string;
  at: string;
  message: string;
}

describe('rover link over a real pty: unplug, silence, reconnect', () => {
  let rig: RoverRig;

  beforeAll(async () => {
    rig = await RoverRig.start({ env: { COMMAND_ACK_TIMEOUT_MS: '500' } });
  });
  afterAll(() => rig?.close());
  beforeEach(() => rig.reset());

  /** Alerts of `kind` raised at or after `sinceMs`. */
  const alertsSince = async (kind: string, sinceMs: number): Promise<AlertBody[]> => {
    const res = await request(rig.baseUrl)
      .get(`/api/alerts?kind=${kind}&limit=100`)
      .set(...bearer(rig.viewer));
    expect(res.status).toBe(200);
    return (res.body as { items: AlertBody[] }).items.filter(
      (alert) => Date.parse(alert.at) >= sinceMs - 5,
    );
  };

  it('should report the link down within 2 s of the cable being pulled mid-drive, raise link_lost and refuse control with 503', async () => {
    const drive = await rig.control(rig.operator, { forward: 0.5, turn: 0 });
    expect(drive.status).toBe(200);
    rig.rover.moving = true;

    const pulledAt = Date.now();
    await rig.unplug();
    await rig.waitForLink('down', DETECT_MS);
    const detectedMs = Date.now() - pulledAt;
    expect(detectedMs).toBeLessThanOrEqual(DETECT_MS);

    const lost = await waitUntil(
      'a link_lost alert',
      async () => {
        const alerts = await alertsSince('link_lost', pulledAt);
        return alerts.length > 0 ? alerts : undefined;
      },
      2000,
    );
    expect(lost[0].severity).toBe('critical');

    const startedAt = Date.now();
    const refused = await rig.control(rig.operator, { forward: 0.5, turn: 0 });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toBe('hardware_unavailable');
    // Refused at once, not after waiting for an ACK that cannot come.
    expect(Date.now() - startedAt).toBeLessThan(500);
    const history = await request(rig.baseUrl)
      .get('/api/rover/commands?limit=1')
      .set(...bearer(rig.viewer));
    expect(history.body.items[0]).toMatchObject({ status: 'rejected', forward: 0.5 });
    expect(history.body.items[0].reason).toContain('hardware_unavailable');
    expect(history.body.items[0].stages.sent).toBeNull();

    // Nothing refused while unplugged may reach the rover once it is back.
    rig.rover.clear();
    await rig.plugIn();
    await rig.waitForLink('up', RECONNECT_MS);
    await rig.rover.expectNoFrame('MOV', 300);
  });

  it('should reconnect after the cable is plugged back in, accept control again and raise link_restored', async () => {
    await rig.unplug();
    await rig.waitForLink('down', DETECT_MS);

    const pluggedAt = Date.now();
    await rig.plugIn();
    const upAfterMs = await rig.waitForLink('up', RECONNECT_MS);
    console.log(`link back up ${upAfterMs} ms after the pty pair was restarted`);

    const res = await rig.control(rig.operator, { forward: 0.2, turn: 0.3 });
    expect(res.status).toBe(200);
    const mov = await rig.rover.waitForFrame('MOV', 1000);
    expect(mov.fields).toEqual(['0.20', '0.30', '0']);
    const restored = await waitUntil(
      'a link_restored alert',
      async () => {
        const alerts = await alertsSince('link_restored', pluggedAt);
        return alerts.length > 0 ? alerts : undefined;
      },
      2000,
    );
    expect(restored[0].severity).toBe('info');
    const status = await rig.status();
    expect(status.link.lastSeen).not.toBeNull();
    expect(Date.parse(status.link.lastSeen ?? '')).toBeGreaterThanOrEqual(pluggedAt);
  });

  it('should declare a rover that stops talking (port still open) down within 2 s, and bring it back when it talks again', async () => {
    const silentAt = Date.now();
    rig.rover.setMode('mute');
    await rig.waitForLink('down', DETECT_MS + 500);
    const detectedMs = Date.now() - silentAt;
    expect(detectedMs).toBeLessThanOrEqual(DETECT_MS);

    const refused = await rig.control(rig.operator, { forward: 0.5, turn: 0 });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toBe('hardware_unavailable');
    const lost = await alertsSince('link_lost', silentAt);
    expect(lost.length).toBeGreaterThan(0);

    rig.rover.setMode('ack');
    await rig.waitForLink('up', RECONNECT_MS);
    expect((await rig.control(rig.operator, { forward: 0.1, turn: 0 })).status).toBe(200);
  });

  it('should latch an e-stop while the link is down (confirmed:false), refuse resume with 503, and write EST first when the link returns', async () => {
    await rig.unplug();
    await rig.waitForLink('down', DETECT_MS);

    const stopped = await rig.estop(rig.operator);
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ status: 'stopped', confirmed: false });
    expect((await rig.status()).emergency_stop).toBe(true);

    // The rover's own latch cannot be cleared while it is unreachable, so the server's stays too.
    const resumed = await rig.resume(rig.operator);
    expect(resumed.status).toBe(503);
    expect(resumed.body.error).toBe('hardware_unavailable');
    expect((await rig.status()).emergency_stop).toBe(true);
    const latchedControl = await rig.control(rig.operator, { forward: 0.5, turn: 0 });
    expect(latchedControl.status).toBe(409);
    expect(latchedControl.body.error).toBe('estop_latched');

    rig.rover.clear();
    await rig.plugIn();
    await rig.waitForLink('up', RECONNECT_MS);
    await rig.rover.waitForFrame('HBT', 1000);
    expect(rig.rover.frames[0].type).toBe('EST');
    expect(rig.rover.framesOfType('MOV')).toHaveLength(0);
    expect((await rig.status()).emergency_stop).toBe(true);

    const resumedNow = await rig.resume(rig.operator);
    expect(resumedNow.status).toBe(200);
    expect((await rig.status()).emergency_stop).toBe(false);
    await rig.rover.waitForFrame('RES', 1000);
  });

  it('should write EST first even to a rover that starts listening after the port opened (an Arduino resets on open)', async () => {
    expect((await rig.estop(rig.operator)).status).toBe(200);
    await rig.unplug();
    await rig.waitForLink('down', DETECT_MS);

    // The host end comes back while the rover end is not read yet: whatever the service writes
    // first is lost, as it is while a board's bootloader runs after the port-open reset.
    await rig.pty.restart();
    await waitUntil(
      'the service to open its end',
      async () => (await rig.status()).link.state === 'connecting',
      RECONNECT_MS,
      5,
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // a heartbeat or two go out unread
    rig.rover.clear();
    await rig.rover.open();
    await rig.waitForLink('up', RECONNECT_MS);
    await rig.rover.waitForFrame('HBT', 1000);

    expect((await rig.status()).emergency_stop).toBe(true);
    const est = await rig.rover.waitForFrame('EST', 1000);
    // The service cannot know the rover listens until it hears from it, so one heartbeat may be on
    // its way while the rover's first frame travels; anything more means the EST came late.
    const before = rig.rover.frames.slice(0, rig.rover.frames.indexOf(est)).map((f) => f.type);
    expect(before.filter((type) => type !== 'HBT')).toEqual([]);
    expect(before.length).toBeLessThanOrEqual(1);
  });

  it('should write EST again when the rover reboots under a live link (HEL) while latched, and not otherwise', async () => {
    rig.rover.clear();
    rig.rover.send({ type: 'HEL', protocolVersion: 1, firmware: 'fake-rover-1.0' });
    await rig.rover.waitForFrame('HBT', 1000);
    await rig.rover.expectNoFrame('EST', 300);

    expect((await rig.estop(rig.operator)).status).toBe(200);
    await rig.rover.waitForFrame('EST', 1000);
    rig.rover.clear();
    rig.rover.estopLatched = false; // a reboot forgets the latch
    rig.rover.send({ type: 'HEL', protocolVersion: 1, firmware: 'fake-rover-1.0' });
    const est = await rig.rover.waitForFrame('EST', 1000);
    expect(
      rig.rover.frames.slice(0, rig.rover.frames.indexOf(est)).map((f) => f.type),
    ).not.toContain('MOV');
  });

  it('should still put EST on the wire when the rover has gone quiet, and answer confirmed:false', async () => {
    rig.rover.setMode('mute');
    const stopped = await rig.estop(rig.viewer);
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ status: 'stopped', confirmed: false });
    await rig.rover.waitForFrame('EST', 1000);
    expect((await rig.status()).emergency_stop).toBe(true);
  });
});
