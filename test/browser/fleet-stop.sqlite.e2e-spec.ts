import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import {
  type Account,
  bearer,
  createAccount,
  login,
  loginAdmin,
  type Session,
} from '../helpers/auth';
import {
  browserSuite,
  cspViolations,
  describeWithBrowser,
  loginThroughPage,
  startConsoleApp,
} from '../helpers/browser';
import { TEST_ADMIN_PASSWORD, type TestApp } from '../helpers/create-test-app';
import { TestBroker } from '../helpers/mqtt/broker';
import { FakeAgv } from '../helpers/mqtt/fake-agv';
import { waitUntil } from '../helpers/rover-rig';

/** Short, so that the silent vehicle's 504 comes back quickly; long enough to see the button busy. */
const STOP_TIMEOUT_MS = 1500;
const SIMULATED_ROBOTS = 2;
/** The rover, the simulated robots and the three fake vehicles. */
const FLEET_SIZE = 1 + SIMULATED_ROBOTS + 3;

interface RobotBody {
  id: string;
  name: string;
  source: string;
}

/**
 * The fleet list's sources and stops (API.md §6) in headless Chromium, against the real service
 * with fake VDA 5050 vehicles on a real MQTT broker: one that stops, one that reports the stop
 * FAILED, one that never answers. An operator stops one robot at a time, an admin the whole fleet,
 * and a viewer gets no stop buttons at all.
 */
describeWithBrowser('the fleet list with sources and stops in a browser', () => {
  const b = browserSuite();
  let broker: TestBroker;
  let t: TestApp;
  let adminSession: Session;
  let operator: Account;
  let viewer: Account;
  const admin = { username: 'admin', password: TEST_ADMIN_PASSWORD };
  const agvs: FakeAgv[] = [];
  let stopping: FakeAgv;
  let failing: FakeAgv;
  let silent: FakeAgv;

  beforeAll(async () => {
    broker = await TestBroker.start();
    t = await startConsoleApp({
      FLEET_MQTT_URL: broker.url,
      FLEET_MQTT_STOP_TIMEOUT_MS: String(STOP_TIMEOUT_MS),
      FLEET_SIMULATION: 'true',
      FLEET_SIZE: String(SIMULATED_ROBOTS),
      THROTTLE_LIMIT: '100000',
    });
    stopping = new FakeAgv({
      brokerUrl: broker.url,
      serialNumber: 'agv-stops',
      // Markup in a vehicle's text is shown as text, never parsed.
      state: {
        errors: [
          {
            errorType: 'laserScannerBlocked',
            errorLevel: 'WARNING',
            errorDescription: '<b>front</b> scanner',
          },
        ],
      },
    });
    failing = new FakeAgv({
      brokerUrl: broker.url,
      serialNumber: 'agv-fails',
      stopBehaviour: 'fail',
    });
    silent = new FakeAgv({
      brokerUrl: broker.url,
      serialNumber: 'agv-silent',
      stopBehaviour: 'ignore',
    });
    for (const agv of [stopping, failing, silent]) {
      await agv.start();
      agvs.push(agv);
    }
    adminSession = await loginAdmin(t.baseUrl);
    operator = await createAccount(t.baseUrl, adminSession, 'operator');
    viewer = await createAccount(t.baseUrl, adminSession, 'viewer');
    await waitUntil(
      'the whole fleet listed, the vehicles with it',
      async () => (await robots()).length === FLEET_SIZE,
      5000,
    );
  });

  afterAll(async () => {
    await t?.close();
    for (const agv of agvs) await agv.stop();
    await broker?.stop();
  });

  async function robots(): Promise<RobotBody[]> {
    const res = await request(t.baseUrl)
      .get('/api/robots?limit=100')
      .set(...bearer(adminSession));
    if (res.status !== 200) throw new Error(`GET /api/robots: ${res.status}`);
    return (res.body as { items: RobotBody[] }).items;
  }

  async function openAs(account: { username: string; password: string }): Promise<Page> {
    const page = await b.newPage();
    await loginThroughPage(page, t.baseUrl, account);
    await waitUntil(
      'the fleet list filled',
      async () => (await fleetItems(page).count()) === FLEET_SIZE,
      5000,
    );
    return page;
  }

  const fleetItems = (page: Page): Locator =>
    page.locator('[data-testid=fleet-list] li[data-robot-id]');

  const robotItem = (page: Page, name: string): Locator =>
    fleetItems(page).filter({
      has: page.locator('strong', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
    });

  const stopPauses = (agv: FakeAgv): number =>
    agv.received
      .flatMap((message) => (message.actions ?? []) as { actionType?: string }[])
      .filter((action) => action.actionType === 'stopPause').length;

  it('should show each robot its source and an MQTT vehicle its connection and errors', async () => {
    const page = await openAs(operator);
    const sources = new Map<string, string>();
    for (const robot of await robots()) sources.set(robot.name, robot.source);
    expect([...sources.values()].sort()).toEqual([
      'mqtt',
      'mqtt',
      'mqtt',
      'serial',
      ...Array<string>(SIMULATED_ROBOTS).fill('simulator'),
    ]);
    const labels: Record<string, string> = {
      serial: 'serial',
      simulator: 'simulator',
      mqtt: 'MQTT',
    };
    for (const [name, source] of sources) {
      const badge = robotItem(page, name).locator('[data-testid=robot-source]');
      expect(await badge.getAttribute('data-source')).toBe(source);
      expect((await badge.innerText()).trim()).toBe(labels[source]);
    }

    const agv = robotItem(page, 'agv-stops');
    expect(await agv.getAttribute('data-source')).toBe('mqtt');
    expect((await agv.locator('[data-testid=robot-connection]').innerText()).trim()).toBe('ONLINE');
    expect(await agv.locator('[data-testid=robot-stale]').count()).toBe(0);
    const errors = agv.locator('[data-testid=robot-errors]');
    expect((await errors.innerText()).trim()).toBe('1 error');
    expect(await errors.getAttribute('title')).toBe(
      'WARNING laserScannerBlocked: <b>front</b> scanner',
    );
    expect(await page.locator('[data-testid=fleet-list] b').count()).toBe(0);
    // Robots not on MQTT have no connection of that kind to show.
    const simulated = [...sources].find(([, source]) => source === 'simulator')?.[0] ?? '';
    expect(await robotItem(page, simulated).locator('[data-testid=robot-connection]').count()).toBe(
      0,
    );
    await b.screenshot(page, 'sources');
  });

  it('should let an operator stop a vehicle and show "stopped" as the vehicle reported it', async () => {
    const page = await openAs(operator);
    // The stop-all button is the admin's alone.
    expect(await page.locator('[data-testid=fleet-stop-all]').count()).toBe(0);
    expect(await page.locator('[data-testid=robot-stop]').count()).toBe(FLEET_SIZE);

    const agv = robotItem(page, 'agv-stops');
    const before = stopPauses(stopping);
    const answered = page.waitForResponse(
      (res) => res.request().method() === 'POST' && /\/api\/robots\/[^/]+\/stop$/.test(res.url()),
    );
    await agv.locator('[data-testid=robot-stop]').click();
    expect((await answered).status()).toBe(200);
    const result = agv.locator('[data-testid=robot-stop-result]');
    await result.filter({ hasText: /^stopped$/ }).waitFor({ state: 'visible', timeout: 3000 });
    expect(await result.getAttribute('data-state')).toBe('stopped');
    expect(stopPauses(stopping)).toBe(before + 1);
    expect(await agv.locator('[data-testid=robot-stop]').isEnabled()).toBe(true);
    // The vehicle's next state says it is paused, and the list follows; the outcome stays beside it.
    await agv.locator('[data-testid=robot-paused]').waitFor({ state: 'visible', timeout: 3000 });
    expect((await result.innerText()).trim()).toBe('stopped');
    // Only that vehicle was asked to stop.
    expect(stopPauses(failing) + stopPauses(silent)).toBe(0);
    await b.screenshot(page, 'stopped');
    expect(await cspViolations(page)).toEqual([]);
  });

  it("should show a failed stop with the vehicle's description, and no answer while the button waits", async () => {
    const page = await openAs(operator);

    const failingItem = robotItem(page, 'agv-fails');
    await failingItem.locator('[data-testid=robot-stop]').click();
    const failed = failingItem.locator('[data-testid=robot-stop-result]');
    await failed
      .filter({ hasText: /^failed: brakes unavailable$/ })
      .waitFor({ state: 'visible', timeout: 3000 });
    expect(await failed.getAttribute('data-state')).toBe('failed');

    const silentItem = robotItem(page, 'agv-silent');
    const button = silentItem.locator('[data-testid=robot-stop]');
    const result = silentItem.locator('[data-testid=robot-stop-result]');
    const clickedAt = Date.now();
    await button.click();
    // In flight: the button is disabled (a second click cannot send a second stop) and says so.
    expect(await button.isDisabled()).toBe(true);
    expect((await result.innerText()).trim()).toBe('stopping…');
    await button.click({ force: true, timeout: 500 }).catch(() => undefined);
    await result.filter({ hasText: /^no answer$/ }).waitFor({
      state: 'visible',
      timeout: STOP_TIMEOUT_MS + 3000,
    });
    expect(Date.now() - clickedAt).toBeGreaterThanOrEqual(STOP_TIMEOUT_MS - 100);
    expect(await result.getAttribute('data-state')).toBe('no-answer');
    expect(await button.isEnabled()).toBe(true);
    expect(stopPauses(silent)).toBe(1);
    await b.screenshot(page, 'failed-and-no-answer');
  });

  it('should show a viewer the sources and no stop buttons', async () => {
    const page = await openAs(viewer);
    expect(await page.locator('[data-testid=whoami]').innerText()).toMatch(/\bviewer\b/);
    expect(await page.locator('[data-testid=robot-source]').count()).toBe(FLEET_SIZE);
    expect(await page.locator('[data-testid=robot-stop]').count()).toBe(0);
    expect(await page.locator('[data-testid=robot-stop-result]').count()).toBe(0);
    expect(await page.locator('[data-testid=fleet-stop-all]').count()).toBe(0);
    // The server agrees: a viewer's stop, sent without the page, is refused.
    const viewerSession = await login(t.baseUrl, viewer.username, viewer.password);
    const [robot] = await robots();
    const forged = await request(t.baseUrl)
      .post(`/api/robots/${robot.id}/stop`)
      .set(...bearer(viewerSession));
    expect(forged.status).toBe(403);
  });

  it('should let an admin stop all robots and show how many stopped, each answer beside its robot', async () => {
    await waitUntil(
      'the simulated rover link',
      async () =>
        ((await request(t.baseUrl).get('/api/rover/status')).body as { link: { state: string } })
          .link.state === 'up',
      5000,
    );
    const page = await openAs(admin);
    const stopAll = page.locator('[data-testid=fleet-stop-all]');
    expect((await stopAll.innerText()).trim()).toBe('Stop all robots');
    expect(await page.locator('[data-testid=robot-stop]').count()).toBe(FLEET_SIZE);

    const answered = page.waitForResponse(
      (res) => res.request().method() === 'POST' && res.url().endsWith('/api/robots/stop'),
      { timeout: STOP_TIMEOUT_MS + 5000 },
    );
    await stopAll.click();
    expect(await stopAll.isDisabled()).toBe(true);
    const response = await answered;
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { total: number; stopped: number };
    expect(body.total).toBe(FLEET_SIZE);
    const summary = page.locator('[data-testid=fleet-stop-all-result]');
    await summary
      .filter({ hasText: `${body.stopped} of ${body.total} stopped` })
      .waitFor({ state: 'visible' });
    // Every one but the vehicle that failed its stop and the one that never answered.
    expect(body.stopped).toBe(FLEET_SIZE - 2);
    expect(await stopAll.isEnabled()).toBe(true);

    const resultOf = (name: string) =>
      robotItem(page, name).locator('[data-testid=robot-stop-result]');
    expect((await resultOf('agv-stops').innerText()).trim()).toBe('stopped');
    expect((await resultOf('agv-fails').innerText()).trim()).toBe('failed: brakes unavailable');
    expect((await resultOf('agv-silent').innerText()).trim()).toMatch(/^no answer/);
    await b.screenshot(page, 'stopped-all');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
