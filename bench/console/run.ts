/*
 * Console benchmark (not a test): the console's bundle size, the time from navigation to the first
 * telemetry point drawn, and the latency from a TEL line written on the pty to its point on the
 * chart (p50 / p99), in headless Chromium. `npm run bench:console`; see bench/README.md.
 *
 * Two roles: the orchestrator (the socat pty pair, the fake rover writing every TEL frame itself
 * with a counter in position.x, and Chromium through playwright-core) and `server` (the full app on
 * the pty, in its own process). Browser and orchestrator read the same wall clock
 * (performance.timeOrigin + performance.now()). Bounded in count and time; loopback only.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CONSOLE_DIR } from '../../src/console/console.module';
import { TEST_ADMIN_PASSWORD } from '../../test/helpers/create-test-app';
import { FakeRover } from '../../test/helpers/fake-rover';
import { startPtyPair } from '../../test/helpers/pty-pair';
import { readingFor } from '../support/counted-reading';
import { stats } from '../support/measure';
import { spawnRole, stopChild } from '../support/roles';

const FRAMES = Number(process.env.BENCH_FRAMES ?? 200);
/** The `telemetry` channel's default rate, so that every frame written is broadcast. */
const RATE_HZ = 10;
const RUN_CAP_MS = 120_000;
const wallMs = () => performance.timeOrigin + performance.now();

async function runServer(): Promise<void> {
  const { startServiceOnPty } = await import('../support/service');
  const app = await startServiceOnPty({ LOG_LEVEL: 'warn' });
  process.on('message', (message) => {
    if (message === 'stop') void app.close().then(() => process.exit(0));
  });
  process.send?.({ baseUrl: app.baseUrl });
}

function bundleSizes(): { file: string; bytes: number; gzip: number }[] {
  const assets = join(CONSOLE_DIR, 'assets');
  return readdirSync(assets)
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => {
      const path = join(assets, name);
      return { file: name, bytes: statSync(path).size, gzip: gzipSync(readFileSync(path)).length };
    });
}

async function runOrchestrator(): Promise<void> {
  const cap = setTimeout(() => {
    process.stderr.write('bench:console: over the time cap\n');
    process.exit(1);
  }, RUN_CAP_MS);
  cap.unref();
  const pty = await startPtyPair();
  const rover = new FakeRover(pty.roverPath, { mode: 'ack', telemetryHz: 0 });
  rover.telemetryPaused = true;
  await rover.open();
  const server = spawnRole(__filename, 'server', { BENCH_SERIAL_PORT: pty.hostPath });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const written = new Map<number, number>();
  let counter = 0;
  const writeFrame = () => {
    counter++;
    written.set(counter, wallMs());
    rover.send({ type: 'TEL', telemetry: readingFor(counter) });
  };
  const pacer = setInterval(writeFrame, 1000 / RATE_HZ);
  try {
    const { baseUrl } = await new Promise<{ baseUrl: string }>((resolve) =>
      server.once('message', (info) => resolve(info as { baseUrl: string })),
    );
    const page = await browser.newPage();
    const navigatedAt = wallMs();
    await page.goto(`${baseUrl}/`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', TEST_ADMIN_PASSWORD);
    await page.click('form[data-testid=login] button[type=submit]');
    const chart = page.locator('[data-testid=telemetry-chart]');
    for (const until = Date.now() + 15_000; Date.now() < until;) {
      if (Number(await chart.getAttribute('data-points')) > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    type Probe = { __rmc: { drawn: { x: number; atMs: number }[] } };
    const drawnLog = () => page.evaluate(() => (globalThis as unknown as Probe).__rmc.drawn);
    const firstDrawnAt = (await drawnLog())[0]?.atMs ?? NaN;
    const from = counter + 1;
    const deadline = Date.now() + 60_000;
    while (counter < from + FRAMES && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    const drawn = await drawnLog();
    const latencies = drawn
      .filter(({ x }) => x >= from && x < from + FRAMES)
      .map(({ x, atMs }) => atMs - (written.get(Math.round(x)) ?? NaN))
      .filter((ms) => Number.isFinite(ms));
    const s = stats(latencies);
    const sizes = bundleSizes();
    const kb = (n: number) => (n / 1024).toFixed(1);
    const lines = [
      `Console benchmark, ${new Date().toISOString()}, node ${process.version}, Chromium headless`,
      '',
      '| asset | bytes (KiB) | gzip (KiB) |',
      '| --- | ---: | ---: |',
      ...sizes.map((a) => `| ${a.file} | ${kb(a.bytes)} | ${kb(a.gzip)} |`),
      `| total | ${kb(sizes.reduce((n, a) => n + a.bytes, 0))} | ${kb(sizes.reduce((n, a) => n + a.gzip, 0))} |`,
      '',
      `navigation to the first telemetry point drawn (login form filled by the script): ${(firstDrawnAt - navigatedAt).toFixed(0)} ms`,
      '',
      '| TEL line written on the pty -> its point drawn on the chart | frames | p50 (ms) | p99 (ms) | max (ms) |',
      '| --- | ---: | ---: | ---: | ---: |',
      `| ${RATE_HZ} Hz, one browser | ${s.n} of ${FRAMES} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.max.toFixed(1)} |`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (s.n < FRAMES * 0.9) process.exitCode = 1;
  } finally {
    clearInterval(pacer);
    await browser.close();
    await stopChild(server, 'stop');
    await rover.close();
    await pty.close();
  }
}

const role = process.argv[2];
(role === 'server' ? runServer() : runOrchestrator()).catch((error: unknown) => {
  process.stderr.write(`bench:console ${role ?? ''} failed: ${String(error)}\n`);
  process.exit(1);
});
