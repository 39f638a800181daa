import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SerialPort } from 'serialport';
import { type Account, createAccount, loginAdmin } from '../helpers/auth';
import {
  browserSuite,
  cspViolations,
  describeWithBrowser,
  loginThroughPage,
  startConsoleApp,
} from '../helpers/browser';
import { TEST_ADMIN_PASSWORD, type TestApp } from '../helpers/create-test-app';
import { type PtyPair, startPtyPair } from '../helpers/pty-pair';
import { waitUntil } from '../helpers/rover-rig';
import {
  describeWithSimulatedUno,
  type SimulatedUno,
  startSimulatedUno,
} from '../helpers/simulated-uno';
import { describeWithToolchain } from '../helpers/toolchain';

/** A first compile builds the Arduino core too; later ones reuse it. */
const COMPILE_MS = 90_000;
/** A good upload to the simulated Uno takes ~1.5 s; a missed reset fails in ~6 s (`-x attempts=1`). */
const UPLOAD_MS = 30_000;
const UPLOAD_ATTEMPTS = 3;
const SERIAL_MS = 5_000;

const admin = { username: 'admin', password: TEST_ADMIN_PASSWORD };

/** The board's end of the cable, as the sketch would see it. */
function openBoardEnd(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
  return new Promise((resolve, reject) => port.open((e) => (e ? reject(e) : resolve(port))));
}

function closeBoardEnd(port: SerialPort | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!port?.isOpen) return resolve();
    const timer = setTimeout(resolve, 2000); // a pty close should not hang, but bound it
    port.close(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function openArduinoPage(page: Page, baseUrl: string, account: typeof admin): Promise<void> {
  await loginThroughPage(page, baseUrl, account);
  await page.goto(`${baseUrl}/#/arduino`);
  await page.locator('[data-testid=arduino-editor]').waitFor({ state: 'visible' });
}

/** Clicks Compile and waits for the answer, whichever it is. */
async function compile(page: Page): Promise<number> {
  const answered = page.waitForResponse((res) => res.url().endsWith('/api/arduino/compile'), {
    timeout: COMPILE_MS,
  });
  await page.locator('[data-testid=arduino-compile]').click();
  return (await answered).status();
}

/**
 * The Arduino page (#/arduino) in Chromium against the real toolchain: compile with sizes and
 * errors on their lines, the port list, and the serial monitor on a socat pty pair whose far end
 * the test holds as the board.
 */
describeWithBrowser('the Arduino page in a browser', () => {
  describeWithToolchain('compile, ports and the serial monitor (a pty as the board)', () => {
    const b = browserSuite();
    let t: TestApp;
    let workDir: string;
    let pty: PtyPair;
    let boardEnd: SerialPort | undefined;
    let viewer: Account;

    beforeAll(async () => {
      workDir = mkdtempSync(join(tmpdir(), 'rmc-arduino-page-'));
      pty = await startPtyPair();
      t = await startConsoleApp({ ARDUINO_WORK_DIR: workDir, ARDUINO_EXTRA_PORTS: pty.hostPath });
      viewer = await createAccount(t.baseUrl, await loginAdmin(t.baseUrl), 'viewer');
    }, 60_000);
    afterAll(async () => {
      await closeBoardEnd(boardEnd);
      await t?.close();
      await pty?.close();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    it(
      'should compile Blink with its sizes, mark a syntax error on its line, list the pty, fail an upload to it and monitor it both ways',
      async () => {
        const page = await b.newPage();
        await openArduinoPage(page, t.baseUrl, admin);
        const editor = page.locator('[data-testid=arduino-editor]');
        const gutter = page.locator('[data-testid=arduino-gutter]');
        const sizes = page.locator('[data-testid=arduino-sizes]');
        const errors = page.locator('[data-testid=arduino-errors] [data-testid=arduino-error]');
        const errorLines = gutter.locator('[data-testid=arduino-error-line]');
        const upload = page.locator('[data-testid=arduino-upload]');

        // The default Blink, on the Uno, with a gutter line per line of it.
        const blink = await editor.inputValue();
        expect(blink).toContain('digitalWrite(LED_BUILTIN, HIGH)');
        expect(await page.locator('[data-testid=arduino-board]').inputValue()).toBe(
          'arduino:avr:uno',
        );
        expect(await gutter.locator('[data-line]').count()).toBe(blink.split('\n').length);
        expect(await upload.isDisabled()).toBe(true);

        expect(await compile(page)).toBe(200);
        await sizes.filter({ hasText: /\d+ of 32256 bytes/ }).waitFor();
        expect(await page.locator('[data-testid=arduino-output]').innerText()).toMatch(
          /Sketch uses \d+ bytes/,
        );
        expect(await errors.count()).toBe(0);

        // A syntax error on line 2: a 422, listed as "2:<col> message", and line 2 marked.
        const lines = blink.split('\n');
        lines[1] = `${lines[1]} int broken = ;`;
        await editor.fill(lines.join('\n'));
        expect(await upload.isDisabled()).toBe(true); // the compiled sketch is no longer this one
        expect(await compile(page)).toBe(422);
        await errors.first().waitFor();
        expect(await errors.first().innerText()).toMatch(/^2:\d+ .*expected primary-expression/);
        await errorLines.first().waitFor();
        expect(await errorLines.count()).toBe(1);
        expect(await errorLines.getAttribute('data-line')).toBe('2');
        expect(await page.locator('[data-testid=arduino-failure]').innerText()).toMatch(
          /Compilation failed: sketch\.ino:2:/,
        );
        expect(await sizes.innerText()).toBe('');
        await b.screenshot(page, 'syntax-error');

        // Restored: compiles again, the marks and the list gone.
        await editor.fill(blink);
        expect(await compile(page)).toBe(200);
        await sizes.filter({ hasText: /\d+ of 32256 bytes/ }).waitFor();
        expect(await errors.count()).toBe(0);
        expect(await errorLines.count()).toBe(0);

        // The pty is listed (ARDUINO_EXTRA_PORTS), and the only port, so it is picked for upload.
        const listed = page.locator(`[data-testid=arduino-port][data-port="${pty.hostPath}"]`);
        await listed.waitFor();
        expect(await listed.locator('input[type=radio]').isChecked()).toBe(true);
        expect(await upload.isEnabled()).toBe(true);
        await page.locator('[data-testid=arduino-refresh-ports]').click();
        await listed.waitFor();

        // Nothing answers on the pty: avrdude gives up, a 502 shown with avrdude's own output.
        const uploaded = page.waitForResponse((res) => res.url().endsWith('/api/arduino/upload'), {
          timeout: UPLOAD_MS,
        });
        await upload.click();
        expect((await uploaded).status()).toBe(502);
        await page.locator('[data-testid=arduino-job-state][data-state=failed]').waitFor();
        expect(await page.locator('[data-testid=arduino-failure]').innerText()).toMatch(
          /did not take the sketch/,
        );
        expect(await page.locator('[data-testid=arduino-output]').innerText()).toMatch(
          /--- Upload to .*---[\s\S]*avrdude/,
        );
        expect(await upload.isEnabled()).toBe(true); // the compilation is still there to retry

        // The monitor: what the board prints shows up; what is sent reaches the board.
        boardEnd = await openBoardEnd(pty.roverPath);
        let atBoard = '';
        boardEnd.on('data', (chunk: Buffer) => (atBoard += chunk.toString('utf8')));
        await page.locator('[data-testid=monitor-port]').selectOption(pty.hostPath);
        await page.locator('[data-testid=monitor-baud]').selectOption('115200');
        await page.locator('[data-testid=monitor-open]').click();
        const status = page.locator('[data-testid=monitor-status]');
        await page.locator('[data-testid=monitor-status][data-state=open]').waitFor();
        expect(await status.innerText()).toContain(pty.hostPath);

        boardEnd.write('hello monitor\n');
        await page
          .locator('[data-testid=monitor-output]')
          .filter({ hasText: 'hello monitor' })
          .waitFor();

        await page.locator('[data-testid=monitor-input]').fill('ping');
        await page.locator('[data-testid=monitor-send]').click();
        await waitUntil('"ping" at the board', () => atBoard.includes('ping'), SERIAL_MS);
        expect(atBoard).toBe('ping\n');
        // The input clears on the write's ack, which may reach the page after the bytes reach the board.
        await waitUntil(
          'the monitor input cleared',
          async () => (await page.locator('[data-testid=monitor-input]').inputValue()) === '',
          SERIAL_MS,
        );

        await page.locator('[data-testid=monitor-close]').click();
        await page.locator('[data-testid=monitor-status][data-state=closed]').waitFor();
        expect(await cspViolations(page)).toEqual([]);
      },
      3 * COMPILE_MS,
    );

    it('should show a viewer the ports and the monitor, read-only, and no compile or upload', async () => {
      const page = await b.newPage();
      await openArduinoPage(page, t.baseUrl, viewer);
      await page.locator(`[data-testid=arduino-port][data-port="${pty.hostPath}"]`).waitFor();
      expect(await page.locator('[data-testid=arduino-readonly]').innerText()).toMatch(/operator/);
      expect(await page.locator('[data-testid=arduino-compile]').isDisabled()).toBe(true);
      expect(await page.locator('[data-testid=arduino-upload]').isDisabled()).toBe(true);
      expect(await page.locator('[data-testid=monitor-input]').isDisabled()).toBe(true);
      expect(await page.locator('[data-testid=monitor-send]').isDisabled()).toBe(true);

      // Reading is a viewer's right.
      await page.locator('[data-testid=monitor-port]').selectOption(pty.hostPath);
      await page.locator('[data-testid=monitor-open]').click();
      await page.locator('[data-testid=monitor-status][data-state=open]').waitFor();
      boardEnd ??= await openBoardEnd(pty.roverPath);
      boardEnd.write('for the viewer\n');
      await page
        .locator('[data-testid=monitor-output]')
        .filter({ hasText: 'for the viewer' })
        .waitFor();
      expect(await cspViolations(page)).toEqual([]);
    });
  });

  describeWithSimulatedUno('upload to a simulated Uno and read it in the monitor', () => {
    const b = browserSuite();
    let t: TestApp;
    let workDir: string;
    let uno: SimulatedUno;

    const PRINTING_BLINK = `unsigned long counter = 0;
void setup() {
  pinMode(LED_BUILTIN, OUTPUT);
  Serial.begin(115200);
}
void loop() {
  digitalWrite(LED_BUILTIN, (counter & 1) ? HIGH : LOW);
  Serial.print("hello from uno ");
  Serial.println(counter++);
  delay(100);
}
`;

    beforeAll(async () => {
      workDir = mkdtempSync(join(tmpdir(), 'rmc-arduino-page-'));
      uno = await startSimulatedUno();
      t = await startConsoleApp({ ARDUINO_WORK_DIR: workDir, ARDUINO_EXTRA_PORTS: uno.port });
    }, 60_000);
    afterAll(async () => {
      await t?.close();
      await uno?.close();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    it(
      'should flash the sketch with the monitor paused around it, and show what the board prints',
      async () => {
        const page = await b.newPage();
        // A pty has no DTR to auto-reset the board: press RESET when the upload starts, which is
        // when the page's jobs channel hears `running` for it (just before avrdude is spawned).
        const frames: string[] = [];
        page.on('websocket', (socket) =>
          socket.on('framereceived', ({ payload }) => {
            if (typeof payload !== 'string') return;
            frames.push(payload);
            if (payload.includes('"kind":"upload"') && payload.includes('"state":"running"'))
              uno.reset();
          }),
        );
        await openArduinoPage(page, t.baseUrl, admin);
        await page.locator('[data-testid=arduino-editor]').fill(PRINTING_BLINK);
        expect(await compile(page)).toBe(200);
        await page
          .locator('[data-testid=arduino-sizes]')
          .filter({ hasText: /\d+ of 32256 bytes/ })
          .waitFor();

        await page.locator(`[data-testid=arduino-port][data-port="${uno.port}"] input`).check();
        await page.locator('[data-testid=monitor-port]').selectOption(uno.port);
        await page.locator('[data-testid=monitor-open]').click();
        await page.locator('[data-testid=monitor-status][data-state=open]').waitFor();

        const jobState = page.locator('[data-testid=arduino-job-state]');
        let uploaded = false;
        for (let attempt = 1; attempt <= UPLOAD_ATTEMPTS && !uploaded; attempt++) {
          const answered = page.waitForResponse(
            (res) => res.url().endsWith('/api/arduino/upload'),
            { timeout: UPLOAD_MS },
          );
          await page.locator('[data-testid=arduino-upload]').click();
          const status = (await answered).status();
          uploaded = status === 200;
          process.stderr.write(`arduino page: upload attempt ${attempt}: HTTP ${status}\n`);
        }
        if (!uploaded) {
          throw new Error(
            `no upload succeeded: ${await page.locator('[data-testid=arduino-output]').innerText()}\n` +
              `--- harness log ---\n${uno.log().slice(-4000)}`,
          );
        }
        await page.locator('[data-testid=arduino-job-state][data-state=succeeded]').waitFor();
        expect(await jobState.innerText()).toMatch(/^Uploaded to .* in [\d.]+ s/);
        expect(await page.locator('[data-testid=arduino-output]').innerText()).toMatch(
          /bytes of flash (verified|written)/,
        );
        // The monitor was paused for avrdude and opened again after it.
        expect(frames.some((f) => f.includes('"type":"paused"'))).toBe(true);
        expect(frames.some((f) => f.includes('"type":"resumed"'))).toBe(true);
        await page.locator('[data-testid=monitor-status][data-state=open]').waitFor();
        await page
          .locator('[data-testid=monitor-output]')
          .filter({ hasText: /hello from uno \d+/ })
          .waitFor({ timeout: SERIAL_MS });
        expect(await cspViolations(page)).toEqual([]);
      },
      COMPILE_MS + UPLOAD_ATTEMPTS * UPLOAD_MS + 30_000,
    );
  });
});
