import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { CONSOLE_DIR } from '../../src/console/console.module';
import { IDLE_CURRENT_A } from '../../src/simulator/power';
import { type Account, bearer, createAccount, loginAdmin, type Session } from '../helpers/auth';
import {
  browserSuite,
  cspViolations,
  describeWithBrowser,
  focusBody,
  loginThroughPage,
} from '../helpers/browser';
import { createTestApp, type TestApp } from '../helpers/create-test-app';
import { waitUntil } from '../helpers/rover-rig';

const DEADMAN_MS = 600;
/** The in-process simulator reports telemetry at its default 10 Hz: status lags motion by up to this. */
const TELEMETRY_PERIOD_MS = 100;
/** Above the simulator's idle motor current the motors are driving (src/simulator/power.ts). */
const MOVING_CURRENT_A = IDLE_CURRENT_A + 0.05;

interface RoverStatus {
  connected: boolean;
  emergency_stop: boolean;
  position: { x: number; y: number; z: number };
  rotation: { pitch: number; roll: number; yaw: number };
  sensors: { temperature: number | null; current: number | null };
  last_command: { type: string; success: boolean } | null;
  link: { state: string };
}

interface CommandRecord {
  username: string;
  type: string;
  forward: number | null;
  turn: number | null;
  status: string;
  stages: { queued: string };
}

const isMoving = (status: RoverStatus): boolean =>
  status.sensors.current !== null && status.sensors.current > MOVING_CURRENT_A;

/** How far the rover went along the heading it had at `from`, in metres. */
const forwardDistance = (from: RoverStatus, to: RoverStatus): number =>
  (to.position.x - from.position.x) * Math.cos(from.rotation.yaw) +
  (to.position.y - from.position.y) * Math.sin(from.rotation.yaw);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The operator console (issue 13) in headless Chromium against the real service on the simulated
 * rover and fleet: log in, watch, e-stop, drive, the viewer's limits and the CSP. Every test gets a
 * screenshot (the directory is printed at the start) and fails if any request left 127.0.0.1.
 */
describeWithBrowser('the operator console in a browser', () => {
  const b = browserSuite();
  let t: TestApp;
  let admin: Session;
  let operator: Account;
  let viewer: Account;

  beforeAll(async () => {
    if (!existsSync(join(CONSOLE_DIR, 'index.html')))
      throw new Error(`no console build in ${CONSOLE_DIR}: run \`npm run build\` first`);
    t = await createTestApp({
      env: {
        DEADMAN_TIMEOUT_MS: String(DEADMAN_MS),
        THROTTLE_LIMIT: '100000',
        LOGIN_THROTTLE_LIMIT: '1000',
        METRICS_THROTTLE_LIMIT: '100000',
        FLEET_UPDATE_INTERVAL_MS: '200',
      },
    });
    admin = await loginAdmin(t.baseUrl);
    operator = await createAccount(t.baseUrl, admin, 'operator');
    viewer = await createAccount(t.baseUrl, admin, 'viewer');
    await waitUntil('the simulated link', async () => (await status()).link.state === 'up', 5000);
  });
  afterAll(() => t?.close());

  // Whatever a test left: the latch released and the rover standing still, for the next one.
  afterEach(async () => {
    if ((await status()).emergency_stop) {
      const res = await request(t.baseUrl)
        .post('/api/rover/resume')
        .set(...bearer(admin))
        .send({ reason: 'test cleanup' });
      if (res.status !== 200) throw new Error(`cleanup resume: ${res.status}`);
    }
    if (isMoving(await status())) {
      await request(t.baseUrl)
        .post('/api/rover/control')
        .set(...bearer(admin))
        .send({ forward: 0, turn: 0 });
    }
    await waitUntil('the rover standing still', async () => !isMoving(await status()), 2000);
  });

  async function status(): Promise<RoverStatus> {
    const res = await request(t.baseUrl).get('/api/rover/status');
    if (res.status !== 200) throw new Error(`GET /api/rover/status: ${res.status}`);
    return res.body as RoverStatus;
  }

  async function commands(): Promise<CommandRecord[]> {
    const res = await request(t.baseUrl)
      .get('/api/rover/commands')
      .set(...bearer(admin));
    if (res.status !== 200) throw new Error(`GET /api/rover/commands: ${res.status}`);
    return (res.body as { items: CommandRecord[] }).items;
  }

  /** rover_frames_out_total{type="EST"}: e-stop frames written to the rover. */
  async function estFramesOut(): Promise<number> {
    const res = await request(t.baseUrl).get('/metrics');
    if (res.status !== 200) throw new Error(`GET /metrics: ${res.status}`);
    const match = /^rover_frames_out_total\{[^}]*type="EST"[^}]*\} ([0-9.e+-]+)$/m.exec(res.text);
    return match ? Number(match[1]) : 0;
  }

  async function positionText(page: Page): Promise<string> {
    return (await page.locator('[data-testid=position]').innerText()).trim();
  }

  async function dataPoints(page: Page): Promise<number> {
    const value = await page.locator('[data-testid=telemetry-chart]').getAttribute('data-points');
    return Number(value ?? NaN);
  }

  async function openAs(account: Account): Promise<Page> {
    const page = await b.newPage();
    await loginThroughPage(page, t.baseUrl, account);
    return page;
  }

  /** Presses `key` on the page body; resolves with how long the banner and the status took (ms). */
  async function estopWith(
    page: Page,
    key: string,
  ): Promise<{ bannerMs: number; statusMs: number }> {
    const latch = page.locator('[data-testid=latch]');
    expect(await latch.isVisible()).toBe(false);
    expect((await status()).emergency_stop).toBe(false);
    await focusBody(page);
    const pressedAt = Date.now();
    await page.keyboard.press(key);
    const [bannerMs, statusMs] = await Promise.all([
      latch.waitFor({ state: 'visible', timeout: 3000 }).then(() => Date.now() - pressedAt),
      waitUntil(
        'emergency_stop in the status',
        async () => (await status()).emergency_stop,
        3000,
      ).then(() => Date.now() - pressedAt),
    ]);
    process.stdout.write(
      `${key} pressed: latch banner after ${bannerMs} ms, status latched after ${statusMs} ms\n`,
    );
    return { bannerMs, statusMs };
  }

  it('should log an operator in and show live telemetry, the position and the fleet', async () => {
    const page = await openAs(operator);
    const whoami = await page.locator('[data-testid=whoami]').innerText();
    expect(whoami).toContain(operator.username);
    expect(whoami).toMatch(/\boperator\b/); // the role, apart from the username operator<n>
    await waitUntil(
      'link-state up',
      async () => (await page.locator('[data-testid=link-state]').innerText()).trim() === 'up',
      3000,
    );

    // The chart draws telemetry as it comes: data-points grows within 2 s.
    const chart = page.locator('[data-testid=telemetry-chart]');
    await chart.waitFor({ state: 'visible' });
    const pointsBefore = await dataPoints(page);
    expect(Number.isFinite(pointsBefore)).toBe(true);
    await waitUntil(
      'more telemetry points drawn',
      async () => (await dataPoints(page)) > pointsBefore,
      2000,
    );

    // The rover moves (a short timed move over the API): its position in the page follows within 2 s.
    const position = page.locator('[data-testid=position]');
    await position.waitFor({ state: 'visible' });
    const before = await positionText(page);
    expect(before).toMatch(/x\s*-?\d+(\.\d+)?\s*m,\s*y\s*-?\d+(\.\d+)?\s*m/);
    const move = await request(t.baseUrl)
      .post('/api/rover/control')
      .set(...bearer(admin))
      .send({ forward: 0.5, turn: 0, duration: 0.5 });
    expect(move.status).toBe(200);
    await waitUntil(
      'the position text to change',
      async () => (await positionText(page)) !== before,
      2000,
    );

    // The fleet: the rover and the five simulated robots, updated as the fleet simulator ticks.
    const items = page.locator('[data-testid=fleet-list] li[data-robot-id]');
    await waitUntil('six fleet members', async () => (await items.count()) === 6, 3000);
    const ids = new Set<string | null>();
    for (let i = 0; i < 6; i++) ids.add(await items.nth(i).getAttribute('data-robot-id'));
    expect(ids.size).toBe(6);
    expect(ids.has(null)).toBe(false);
    const list = page.locator('[data-testid=fleet-list]');
    const fleetBefore = await list.innerHTML();
    await waitUntil(
      'the fleet list to update',
      async () => (await list.innerHTML()) !== fleetBefore,
      2000,
    );
    expect(await items.count()).toBe(6);
  });

  it('should e-stop on Space within 500 ms, then resume only with a reason', async () => {
    const page = await openAs(operator);
    const estBefore = await estFramesOut();
    const { bannerMs, statusMs } = await estopWith(page, 'Space');
    expect(bannerMs).toBeLessThanOrEqual(500);
    expect(statusMs).toBeLessThanOrEqual(500);
    expect((await status()).last_command).toMatchObject({ type: 'emergency_stop' });
    // A stop frame went out (the metrics render is cached for about a second).
    await waitUntil('an EST frame counted', async () => (await estFramesOut()) > estBefore, 3000);
    await b.screenshot(page, 'latched');

    await page.locator('[data-testid=latch] button[data-testid=resume]').click();
    const dialog = page.locator('dialog[data-testid=resume-dialog]');
    await dialog.waitFor({ state: 'visible' });
    const reason = dialog.locator('input[name=reason]');
    const submit = dialog.locator('button[type=submit]');

    // An empty reason is refused in the page: nothing is sent, the dialog stays, the latch holds.
    const sentBefore = b.requests.length;
    await reason.fill('');
    await submit.click();
    await sleep(300);
    const resumeRequests = b.requests
      .slice(sentBefore)
      .filter((r) => r.url.includes('/api/rover/resume'));
    expect(resumeRequests).toEqual([]);
    expect(await dialog.isVisible()).toBe(true);
    expect((await status()).emergency_stop).toBe(true);
    expect(await page.locator('[data-testid=latch]').isVisible()).toBe(true);
    await b.screenshot(page, 'empty-reason-refused');

    await reason.fill('area checked, safe to move');
    await submit.click();
    await waitUntil('the latch released', async () => !(await status()).emergency_stop, 2000);
    await page.locator('[data-testid=latch]').waitFor({ state: 'hidden', timeout: 2000 });
    await dialog.waitFor({ state: 'hidden', timeout: 2000 });
  });

  it('should e-stop on Escape within 500 ms', async () => {
    const page = await openAs(operator);
    const estBefore = await estFramesOut();
    const { bannerMs, statusMs } = await estopWith(page, 'Escape');
    expect(bannerMs).toBeLessThanOrEqual(500);
    expect(statusMs).toBeLessThanOrEqual(500);
    await waitUntil('an EST frame counted', async () => (await estFramesOut()) > estBefore, 3000);
  });

  it('should drive while W is held, stop on release, and stop through the deadman when the page closes', async () => {
    const page = await openAs(operator);
    await page.locator('[data-testid=drive]').waitFor({ state: 'attached' });
    await waitUntil('a rover at rest', async () => !isMoving(await status()), 2000);

    // Hold W for 1 s: the rover drives forward the whole time, and stops once W is released.
    const before = await status();
    await focusBody(page);
    await page.keyboard.down('w');
    await sleep(1000);
    const held = await status();
    await b.screenshot(page, 'holding-w');
    await page.keyboard.up('w');
    const releasedAt = Date.now();
    expect(isMoving(held)).toBe(true);
    await waitUntil(
      'the rover to stop after W is released',
      async () => !isMoving(await status()),
      1000,
    );
    const stoppedMs = Date.now() - releasedAt;
    const after = await status();
    expect(forwardDistance(before, after)).toBeGreaterThan(0.05);
    expect(after.emergency_stop).toBe(false); // letting go stops; it is not an e-stop
    await sleep(2 * TELEMETRY_PERIOD_MS);
    expect((await status()).position).toEqual(after.position);
    process.stdout.write(
      `W held 1 s: ${forwardDistance(before, after).toFixed(3)} m forward; stopped ${stoppedMs} ms after release\n`,
    );

    // Hold W again and close the page while holding: the server's deadman stops the rover.
    await focusBody(page);
    await page.keyboard.down('w');
    await waitUntil('the rover to drive again', async () => isMoving(await status()), 1000);
    await sleep(300);
    await b.screenshot(page, 'holding-w-before-close');
    const closedAt = Date.now();
    await page.close();
    await waitUntil(
      'the deadman stop',
      async () => !isMoving(await status()),
      DEADMAN_MS + 2000,
      20,
    );
    const deadmanMs = Date.now() - closedAt;
    // The page may get a stop of its own out as it closes; otherwise the server's deadman stopped it.
    const pageStop = (await commands()).find(
      (c) =>
        c.username === operator.username &&
        c.type === 'move' &&
        c.forward === 0 &&
        c.turn === 0 &&
        Date.parse(c.stages.queued) >= closedAt - 50,
    );
    process.stdout.write(
      `page closed while W held: rover stopped after ${deadmanMs} ms (deadman ${DEADMAN_MS} ms), ` +
        `by ${pageStop ? "the page's own stop as it closed" : 'the server deadman'}\n`,
    );
    // The server's bound is DEADMAN_TIMEOUT_MS + 200 ms; the status sees the stop at the simulator's
    // next telemetry frame, up to one period later.
    expect(deadmanMs).toBeLessThanOrEqual(DEADMAN_MS + 200 + TELEMETRY_PERIOD_MS);
  });

  it('should show a viewer no drive controls, and the server should refuse their forged move', async () => {
    const page = await openAs(viewer);
    expect(await page.locator('[data-testid=whoami]').innerText()).toMatch(/\bviewer\b/);
    // The dashboard is up (it shows the rover), so a missing drive panel is not just a slow render.
    await page.locator('[data-testid=position]').waitFor({ state: 'visible' });
    expect(await page.locator('[data-testid=drive]').count()).toBe(0);
    const estop = page.locator('button[data-testid=estop]');
    expect(await estop.count()).toBe(1);
    expect(await estop.innerText()).toContain('STOP');

    await page.waitForFunction('window.__rmc?.socket?.connected === true');
    const before = await status();
    const ack = await page.evaluate<Record<string, unknown>>(
      `window.__rmc.socket.timeout(3000).emitWithAck('command', { action: 'move', parameters: { forward: 0.5, turn: 0 } })`,
    );
    expect(ack).toMatchObject({ statusCode: 403, error: 'forbidden' });
    await sleep(3 * TELEMETRY_PERIOD_MS);
    const after = await status();
    expect(isMoving(after)).toBe(false);
    expect(after.position).toEqual(before.position);
    const moves = (await commands()).filter(
      (c) => c.username === viewer.username && c.type === 'move',
    );
    expect(moves.filter((c) => c.status !== 'rejected')).toEqual([]);
  });

  it('should serve the console under a strict Content-Security-Policy that it runs under', async () => {
    const page = await b.newPage();
    const response = await page.goto(`${t.baseUrl}/`);
    expect(response?.status()).toBe(200);
    const csp = response?.headers()['content-security-policy'];
    expect(csp).toBeDefined();
    const directives = parseCsp(csp ?? '');
    expect(csp).not.toContain("'unsafe-eval'");
    expect(remoteSources(directives)).toEqual([]);
    // No inline scripts (issue 13, Build 2): script-src, or default-src in its absence.
    const scriptSrc = directives.get('script-src') ?? directives.get('default-src') ?? [];
    expect(scriptSrc).not.toContain("'unsafe-inline'");

    // Log in and let it draw live telemetry: nothing it does is refused by the policy.
    await loginThroughPage(page, t.baseUrl, operator);
    await waitUntil('telemetry drawn', async () => (await dataPoints(page)) > 0, 3000);
    await page.locator('[data-testid=fleet-list] li[data-robot-id]').first().waitFor();
    expect(await cspViolations(page)).toEqual([]);
  });
});

/** Directive name (lower case) to its source list. */
function parseCsp(header: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** Directives whose values are not sources of content. */
const NOT_SOURCE_LISTS = new Set([
  'sandbox',
  'require-trusted-types-for',
  'trusted-types',
  'report-to',
]);

/**
 * Every source that lets the page reach another machine: `*`, a bare scheme that admits any host
 * (`https:`, `wss:`...), or a host other than loopback. Keywords, hashes, nonces, `data:` and
 * `blob:` stay on the page.
 */
function remoteSources(directives: Map<string, string[]>): string[] {
  const remote: string[] = [];
  for (const [name, sources] of directives) {
    if (NOT_SOURCE_LISTS.has(name)) continue;
    for (const source of sources) {
      if (source.startsWith("'")) continue;
      if (source === 'data:' || source === 'blob:') continue;
      if (source.startsWith('/')) continue; // a path on this origin (report-uri)
      const host = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/:]+|\[[^\]]+\])/i.exec(source)?.[1];
      const bareScheme = /^[a-z][a-z0-9+.-]*:$/i.test(source);
      if (bareScheme || source === '*' || !host || !LOOPBACK_HOSTS.has(host.toLowerCase()))
        remote.push(`${name} ${source}`);
    }
  }
  return remote;
}
