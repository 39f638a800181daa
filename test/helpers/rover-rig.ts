import request from 'supertest';
import { bearer, createUserAndLogin, loginAdmin, type Session } from './auth';
import { createTestApp, type TestApp } from './create-test-app';
import { FakeRover, type FakeRoverOptions } from './fake-rover';
import { startPtyPair, type PtyPair } from './pty-pair';
import { createTestDatabase, type TestDatabase } from './test-database';

/** Polls `probe` until it returns something other than undefined/false; bounded by `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  intervalMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface RoverStatusBody {
  connected: boolean;
  emergency_stop: boolean;
  obstacle_distance: number | null;
  battery: { voltage: number | null; percentage: number | null };
  sensors: { temperature: number | null; current: number | null };
  last_command: { type: string; success: boolean } | null;
  link: { port: string; state: string; rttMs: number | null; lastSeen: string | null };
}

export interface RoverRigOptions {
  /** Extra app env (DEADMAN_TIMEOUT_MS, COMMAND_ACK_TIMEOUT_MS, ...). */
  env?: Record<string, string>;
  rover?: FakeRoverOptions;
}

/**
 * The rover e2e setup: a socat pty pair, the fake rover on one end, the whole app on the other
 * (`SERIAL_PORT=<dir>/host`, the real serialport adapter) over a real database, and an admin, an
 * operator and a viewer. `close()` releases all of it, whatever state a failed test left.
 */
export class RoverRig {
  admin!: Session;
  operator!: Session;
  viewer!: Session;
  private app?: TestApp;

  private constructor(
    readonly db: TestDatabase,
    readonly pty: PtyPair,
    readonly rover: FakeRover,
    readonly env: Record<string, string>,
  ) {}

  static async start(options: RoverRigOptions = {}): Promise<RoverRig> {
    const db = await createTestDatabase();
    let pty: PtyPair | undefined;
    let rover: FakeRover | undefined;
    let rig: RoverRig | undefined;
    try {
      pty = await startPtyPair();
      rover = new FakeRover(pty.roverPath, options.rover);
      await rover.open();
      rig = new RoverRig(db, pty, rover, {
        SERIAL_PORT: pty.hostPath,
        // Listed for the Arduino uploader, so that flashing the rover's own port can be tried.
        ARDUINO_EXTRA_PORTS: pty.hostPath,
        // The per-caller default budget (100/min) is not under test here; status polling would hit it.
        THROTTLE_LIMIT: '1000000',
        ...options.env,
      });
      await rig.startApp();
      rig.admin = await loginAdmin(rig.baseUrl);
      rig.operator = await createUserAndLogin(rig.baseUrl, rig.admin, 'operator');
      rig.viewer = await createUserAndLogin(rig.baseUrl, rig.admin, 'viewer');
      return rig;
    } catch (error) {
      if (rig) await rig.close();
      else {
        await rover?.close();
        await pty?.close();
        await db.drop();
      }
      throw error;
    }
  }

  get t(): TestApp {
    if (!this.app) throw new Error('the app is not running');
    return this.app;
  }

  get baseUrl(): string {
    return this.t.baseUrl;
  }

  /** Starts the app on the rig's database and waits for the link to come up. */
  async startApp(): Promise<void> {
    if (this.app) throw new Error('the app is already running');
    this.app = await createTestApp({ db: this.db, env: this.env });
    await this.waitForLink('up', 5000);
  }

  /** Closes the app; the database, the pty pair and the rover stay, for a restart. */
  async stopApp(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    await app?.close();
  }

  /** A string body is sent as raw JSON text (for inputs JSON.stringify cannot produce, e.g. 1e309). */
  control(session: Session, body: object | string) {
    const req = request(this.baseUrl)
      .post('/api/rover/control')
      .set(...bearer(session));
    return typeof body === 'string'
      ? req.set('Content-Type', 'application/json').send(body)
      : req.send(body);
  }

  estop(session: Session) {
    return request(this.baseUrl)
      .post('/api/rover/emergency-stop')
      .set(...bearer(session));
  }

  /** A string is the reason; an object is sent as the whole body (to test bad bodies). */
  resume(session: Session, reasonOrBody: string | object = 'area checked, safe to move') {
    const body = typeof reasonOrBody === 'string' ? { reason: reasonOrBody } : reasonOrBody;
    return request(this.baseUrl)
      .post('/api/rover/resume')
      .set(...bearer(session))
      .send(body);
  }

  heartbeat(session: Session) {
    return request(this.baseUrl)
      .post('/api/rover/heartbeat')
      .set(...bearer(session));
  }

  /** Makes the fake rover report motion, and waits until the service has seen it. */
  async reportMoving(): Promise<void> {
    this.rover.moving = true;
    await waitUntil(
      'telemetry saying the rover moves',
      async () => (await this.status()).sensors.current === 1.8,
      1000,
    );
  }

  async status(): Promise<RoverStatusBody> {
    const res = await request(this.baseUrl).get('/api/rover/status');
    if (res.status !== 200) throw new Error(`GET /api/rover/status: ${res.status}`);
    return res.body as RoverStatusBody;
  }

  /** Waits for the link state on GET /api/rover/status; resolves with how long that took (ms). */
  async waitForLink(state: 'up' | 'down', timeoutMs: number): Promise<number> {
    const started = Date.now();
    await waitUntil(
      `link ${state}`,
      async () => {
        const status = await this.status();
        return status.link.state === state && status.connected === (state === 'up');
      },
      timeoutMs,
    );
    return Date.now() - started;
  }

  /** Unplugs the pty pair: socat killed; the rover's port goes with it. */
  async unplug(): Promise<void> {
    await this.pty.kill();
    await this.rover.close();
  }

  /** Plugs it back in; the rover is listening again before the host end reappears. */
  async plugIn(): Promise<void> {
    await this.pty.restart(() => this.rover.reopen());
  }

  /** Resets what a test may have changed, so tests in a file do not depend on each other. */
  async reset(): Promise<void> {
    this.rover.setMode('ack');
    this.rover.obstacleDistance = null;
    this.rover.moving = false;
    this.rover.ackDelayMs = {};
    this.rover.telemetryPaused = false;
    if (!this.pty.pid || !this.rover.isOpen) await this.plugIn();
    await this.waitForLink('up', 8000);
    const res = await request(this.baseUrl)
      .post('/api/rover/resume')
      .set(...bearer(this.admin))
      .send({ reason: 'test reset' });
    if (res.status !== 200) throw new Error(`reset: resume answered ${res.status}`);
    const garbled = this.rover.invalidLines.map(({ line, reason }) => `${line} (${reason})`);
    this.rover.clear();
    // Checked here so that every test in a file is covered; it fails the test after the culprit.
    if (garbled.length > 0)
      throw new Error(`the service wrote lines the rover could not decode: ${garbled.join(', ')}`);
  }

  async close(): Promise<void> {
    const steps = [
      () => this.stopApp(),
      () => this.rover.close(),
      () => this.pty.close(),
      () => this.db.drop(),
    ];
    const errors: unknown[] = [];
    for (const step of steps) await step().catch((error: unknown) => errors.push(error));
    if (errors.length > 0) throw errors[0];
  }
}

/** Sums a Prometheus counter over all its label sets from GET /metrics. */
export async function counterTotal(baseUrl: string, name: string): Promise<number> {
  const res = await request(baseUrl).get('/metrics');
  if (res.status !== 200) throw new Error(`GET /metrics: ${res.status}`);
  let total = 0;
  for (const line of res.text.split('\n')) {
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`).exec(line);
    if (match) total += Number(match[1]);
  }
  return total;
}
