import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CONSOLE_DIR } from '../../src/console/console.module';
import { createTestApp, type TestApp } from './create-test-app';
import { describeWith } from './describe-with';

/** Debian's chromium package (scripts/lib/services.sh installs it); playwright-core downloads nothing. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The only host a page may talk to: the service under test listens on loopback. */
export const LOOPBACK_HOST = '127.0.0.1';

/** Why the browser suites cannot run here, or undefined when they can. */
export function chromiumUnavailableReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  return `${CHROMIUM_PATH} is missing (apt-get install chromium, or run scripts/test.sh as root)`;
}

/**
 * `describe` for suites that drive Chromium. Without it they are skipped, with the reason in their
 * name and on stderr, except under CI, where a missing browser is a failing test: a green CI run
 * must have exercised them (the house pattern of describeWithRedis).
 */
export function describeWithBrowser(name: string, suite: () => void): void {
  describeWith('Chromium', chromiumUnavailableReason(), name, suite);
}

export interface WatchedRequest {
  method: string;
  url: string;
  /** 'request' for everything the page fetched, 'websocket' for the sockets it opened. */
  kind: 'request' | 'websocket';
}

/** A request that needs no network at all (inline data, an object URL, a blank page). */
function isLocalScheme(url: URL): boolean {
  return ['data:', 'blob:', 'about:'].includes(url.protocol);
}

/** The requests of `requests` that went anywhere but 127.0.0.1. */
export function foreignRequests(requests: readonly WatchedRequest[]): WatchedRequest[] {
  return requests.filter(({ url }) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return true; // unparseable: cannot prove it stayed home
    }
    return !isLocalScheme(parsed) && parsed.hostname !== LOOPBACK_HOST;
  });
}

/**
 * Records the Content-Security-Policy violations a page reports, from before its first script runs,
 * into `window.__cspViolations` (read it with `cspViolations(page)`).
 */
const CSP_RECORDER = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push({
      directive: event.violatedDirective,
      blockedURI: event.blockedURI,
      source: event.sourceFile + ':' + event.lineNumber,
      sample: event.sample,
    });
  }, true);
`;

export interface CspViolation {
  directive: string;
  blockedURI: string;
  source: string;
  sample: string;
}

/** What the page's CSP refused so far; throws when the recorder did not run in it. */
export async function cspViolations(page: Page): Promise<CspViolation[]> {
  const violations = await page.evaluate('window.__cspViolations');
  if (!Array.isArray(violations))
    throw new Error('window.__cspViolations is missing: the CSP recorder did not run');
  return violations as CspViolation[];
}

export interface BrowserSuite {
  readonly browser: Browser;
  /** The current test's context, fresh for each test. */
  readonly context: BrowserContext;
  /** Every request the current test's pages made, in order. */
  readonly requests: readonly WatchedRequest[];
  /** Where this file's screenshots go (under the OS temp dir; printed once in the test log). */
  readonly screenshotDir: string;
  /** A new page in the current test's context. */
  newPage(): Promise<Page>;
  /** A screenshot of `page` now, named after the current test and `label`; returns its path. */
  screenshot(page: Page, label?: string): Promise<string>;
}

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * For the top describe of a browser spec: one Chromium for the file, a fresh context per test, and
 * around every test a request watcher (any host but 127.0.0.1 fails the test), the CSP violation
 * recorder, and a full-page screenshot of each page still open when the test ends.
 */
export function browserSuite(): BrowserSuite {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let screenshotDir: string | undefined;
  let requests: WatchedRequest[] = [];
  let pageErrors: string[] = [];
  let shotsThisTest = 0;

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: use it in a test or hook`);
    return value;
  };

  const testSlug = (): string =>
    (expect.getState().currentTestName ?? 'outside-a-test')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 120);

  const screenshot = async (page: Page, label?: string): Promise<string> => {
    shotsThisTest++;
    const name = [testSlug(), label ?? String(shotsThisTest)].join('--');
    const path = join(started(screenshotDir, 'the screenshot directory'), `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  };

  beforeAll(async () => {
    screenshotDir = mkdtempSync(join(tmpdir(), 'rmc-console-screenshots-'));
    process.stdout.write(`Console e2e screenshots: ${screenshotDir}\n`);
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox'],
      headless: true,
    });
  });

  afterAll(async () => {
    await browser?.close();
    browser = undefined;
  });

  beforeEach(async () => {
    requests = [];
    pageErrors = [];
    shotsThisTest = 0;
    const ctx = await started(browser, 'the browser').newContext({
      viewport: { width: 1280, height: 800 },
    });
    ctx.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
    ctx.on('request', (request) => {
      requests.push({ method: request.method(), url: request.url(), kind: 'request' });
    });
    ctx.on('page', (page) => {
      page.on('websocket', (socket) => {
        requests.push({ method: 'GET', url: socket.url(), kind: 'websocket' });
      });
      page.on('pageerror', (error) => pageErrors.push(error.message));
    });
    await ctx.addInitScript({ content: CSP_RECORDER });
    context = ctx;
  });

  afterEach(async () => {
    const ctx = context;
    context = undefined;
    if (!ctx) return;
    try {
      const open = ctx.pages().filter((page) => !page.isClosed());
      for (const page of open) await screenshot(page, 'end').catch(() => undefined);
      if (shotsThisTest === 0)
        process.stdout.write(`no page was open for a screenshot of "${testSlug()}"\n`);
      if (pageErrors.length > 0)
        process.stdout.write(`page errors in "${testSlug()}":\n  ${pageErrors.join('\n  ')}\n`);
    } finally {
      await ctx.close();
    }
    const foreign = foreignRequests(requests);
    if (foreign.length > 0)
      throw new Error(
        `requests left ${LOOPBACK_HOST}:\n  ${foreign.map((r) => `${r.method} ${r.url}`).join('\n  ')}`,
      );
  });

  return {
    get browser() {
      return started(browser, 'the browser');
    },
    get context() {
      return started(context, "the test's browser context");
    },
    get requests() {
      return requests;
    },
    get screenshotDir() {
      return started(screenshotDir, 'the screenshot directory');
    },
    newPage: () => started(context, "the test's browser context").newPage(),
    screenshot,
  };
}

/** Moves keyboard focus to the page's body, so that keys reach the page's own shortcuts. */
export async function focusBody(page: Page): Promise<void> {
  await page.evaluate(
    `(() => { const active = document.activeElement; if (active && active !== document.body && typeof active.blur === 'function') active.blur(); })()`,
  );
}

/**
 * Logs in through the console's login form at `${baseUrl}/` and waits for the shell (whoami) to
 * show; throws with the page's alert text when the form answered with an error instead.
 */
export async function loginThroughPage(
  page: Page,
  baseUrl: string,
  account: { username: string; password: string },
): Promise<void> {
  await page.goto(`${baseUrl}/`);
  const form = page.locator('form[data-testid=login]');
  await form.waitFor({ state: 'visible' });
  await form.locator('input[name=username]').fill(account.username);
  await form.locator('input[name=password]').fill(account.password);
  await form.locator('button[type=submit], button:not([type])').first().click();
  const whoami = page.locator('[data-testid=whoami]');
  const alert = page.locator('[role=alert]').filter({ hasText: /\S/ });
  await whoami.or(alert).first().waitFor({ state: 'visible' });
  if (!(await whoami.isVisible()))
    throw new Error(`login as ${account.username} failed: ${await alert.first().innerText()}`);
}

/**
 * The app a console test drives: the console's build must exist (npm run build), logins are not
 * limited (each test signs in through the page) and the simulated fleet is off unless `env` says.
 */
export async function startConsoleApp(env: Record<string, string> = {}): Promise<TestApp> {
  if (!existsSync(join(CONSOLE_DIR, 'index.html')))
    throw new Error(`no console build in ${CONSOLE_DIR}: run \`npm run build\` first`);
  return createTestApp({
    env: { LOGIN_THROTTLE_LIMIT: '1000', FLEET_SIMULATION: 'false', ...env },
  });
}
