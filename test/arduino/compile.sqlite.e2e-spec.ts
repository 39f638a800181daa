import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { createUserAndLogin, loginAdmin, type Session } from '../helpers/auth';
import { expectErrorEnvelope, expectValidationError } from '../helpers/catalog-envelope';
import { createTestApp, type TestApp } from '../helpers/create-test-app';
import { waitUntil } from '../helpers/rover-rig';
import { connectOutcome, SocketClients } from '../helpers/socket-client';
import { describeWithToolchain } from '../helpers/toolchain';

const COMPILE = '/api/arduino/compile';
const BLINK = `void setup() { pinMode(LED_BUILTIN, OUTPUT); Serial.begin(115200); }
void loop() {
  digitalWrite(LED_BUILTIN, HIGH);
  Serial.println("blink");
  delay(500);
  digitalWrite(LED_BUILTIN, LOW);
  delay(500);
}
`;
const BROKEN = 'void setup() {\n  int x = ;\n}\nvoid loop() { undefinedCall(); }\n';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describeWithToolchain('POST /api/arduino/compile on the real toolchain (API.md §7)', () => {
  let t: TestApp;
  let workDir: string;
  let operator: Session;
  let viewer: Session;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'rmc-arduino-'));
    t = await createTestApp({
      env: { ARDUINO_WORK_DIR: workDir, THROTTLE_LIMIT: '100000', ARDUINO_MAX_QUEUED_JOBS: '8' },
    });
    const admin = await loginAdmin(t.baseUrl);
    operator = await createUserAndLogin(t.baseUrl, admin, 'operator');
    viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  const compile = (body: object, session: Session = operator) =>
    request(t.baseUrl)
      .post(COMPILE)
      .set('Authorization', `Bearer ${session.accessToken}`)
      .send(body);
  const jobDirs = () => {
    try {
      return readdirSync(join(workDir, 'compilations'));
    } catch {
      return [];
    }
  };

  it('should compile Blink for the Uno, with its sizes and an artifact named by its compilation', async () => {
    const res = await compile({ code: BLINK });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'success',
      compilation_id: expect.stringMatching(UUID),
      board: 'arduino:avr:uno',
      toolchain: 'arduino-builder',
      warnings: [],
    });
    expect(res.body.binary_path).toBe(`${res.body.compilation_id}/sketch.ino.hex`);
    expect(res.body.sizes.programBytes).toBeGreaterThan(500);
    expect(res.body.sizes.programMaxBytes).toBe(32256);
    expect(res.body.output).toMatch(/Sketch uses \d+ bytes/);
    expect(res.text).not.toContain(workDir);
    expect(jobDirs()).toContain(res.body.compilation_id);
  }, 60_000);

  it('should report the compile on the jobs channel: running with progress, then succeeded', async () => {
    const sockets = new SocketClients();
    try {
      const socket = sockets.open(`${t.baseUrl}/telemetry`, {
        auth: { token: viewer.accessToken },
      });
      const outcome = await connectOutcome(socket);
      if (!outcome.connected) throw outcome.error;
      const jobs: {
        data: { jobId: string; state: string; progress: number | null; kind: string };
      }[] = [];
      socket.on('jobs', (m: (typeof jobs)[number]) => jobs.push(m));
      await socket.emitWithAck('subscribe', { channels: ['jobs'] });
      const res = await compile({ code: BLINK.replace('500', '250') });
      expect(res.status).toBe(200);
      const id = res.body.compilation_id as string;
      await waitUntil(
        'the succeeded event',
        () => jobs.some((m) => m.data.jobId === id && m.data.state === 'succeeded'),
        5000,
      );
      const mine = jobs.filter((m) => m.data.jobId === id).map((m) => m.data);
      expect(mine[0]).toMatchObject({ kind: 'compile', state: 'running' });
      expect(
        mine.filter((e) => e.state === 'running' && (e.progress ?? 0) > 0).length,
      ).toBeGreaterThan(0);
    } finally {
      sockets.closeAll();
    }
  }, 60_000);

  it('should compile for a Nano and a Mega, whose toolchain names need their cpu option', async () => {
    for (const board of ['arduino:avr:nano', 'arduino:avr:mega']) {
      const res = await compile({ code: BLINK, board });
      expect({ board, status: res.status }).toEqual({ board, status: 200 });
      expect(res.body.board).toBe(board);
    }
  }, 60_000);

  it('should answer a syntax error with 422 compile_failed and the parsed file, line, column and message', async () => {
    const before = jobDirs().length;
    const res = await compile({ code: BROKEN });
    expectErrorEnvelope(res, 422, 'compile_failed');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'sketch.ino', line: 2, column: 11, severity: 'error' }),
        expect.objectContaining({ file: 'sketch.ino', line: 4, severity: 'error' }),
      ]),
    );
    expect(res.body.errors[0].message).toMatch(/expected primary-expression/);
    expect(res.body.message).toMatch(/^Compilation failed: sketch\.ino:2:11:/);
    expect(res.text).not.toContain(workDir);
    expect(jobDirs()).toHaveLength(before); // a failed compile keeps nothing
  }, 60_000);

  it.each<[string, object, string]>([
    ['a board with a ";"', { board: 'arduino:avr:uno;id' }, 'board'],
    ['a board that is a command substitution', { board: '$(reboot)' }, 'board'],
    ['a board that starts with "-"', { board: '-fqbn' }, 'board'],
    ['a board that is an option', { board: '--config=x' }, 'board'],
    ['a board smuggling avrdude options', { board: 'arduino:avr:uno -U flash:r:/tmp/x' }, 'board'],
    ['a library path', { libraries: ['../x'] }, 'libraries'],
    ['a library that is an option', { libraries: ['--config=x'] }, 'libraries'],
    ['a library smuggling avrdude options', { libraries: ['-U flash:r:/tmp/x'] }, 'libraries'],
    ['a library that is not installed', { libraries: ['NoSuchLibrary'] }, 'libraries'],
    ['an empty sketch', { code: '' }, 'code'],
    ['a sketch with a control character', { code: 'void setup(){}\u0000' }, 'code'],
    ['an unknown field', { binary_path: '/etc/passwd' }, 'binary_path'],
  ])('should refuse %s with 400 naming %s, and start nothing', async (_label, overrides, field) => {
    const before = jobDirs().length;
    expectValidationError(await compile({ code: BLINK, ...overrides }), field);
    expect(jobDirs()).toHaveLength(before);
  });

  it('should take the libraries the toolchain has', async () => {
    const res = await compile({ code: `#include <Wire.h>\n${BLINK}`, libraries: ['Wire'] });
    expect(res.status).toBe(200);
  }, 60_000);

  it('should refuse a viewer with 403 and no token with 401', async () => {
    expectErrorEnvelope(await compile({ code: BLINK }, viewer), 403, 'forbidden');
    expectErrorEnvelope(
      await request(t.baseUrl).post(COMPILE).send({ code: BLINK }),
      401,
      'unauthorized',
    );
  });
});

describeWithToolchain('the compile queue (API.md §7)', () => {
  let t: TestApp;
  let workDir: string;
  let operator: Session;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'rmc-arduino-'));
    t = await createTestApp({
      env: {
        ARDUINO_WORK_DIR: workDir,
        THROTTLE_LIMIT: '100000',
        ARDUINO_MAX_RUNNING_JOBS: '1',
        ARDUINO_MAX_QUEUED_JOBS: '1',
      },
    });
    operator = await createUserAndLogin(t.baseUrl, await loginAdmin(t.baseUrl), 'operator');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('should queue one job behind the running one (saying so on the jobs channel), refuse the next with 429 at once, and run one after', async () => {
    const sockets = new SocketClients();
    const socket = sockets.open(`${t.baseUrl}/telemetry`, {
      auth: { token: operator.accessToken },
    });
    const outcome = await connectOutcome(socket);
    if (!outcome.connected) throw outcome.error;
    const states: string[] = [];
    socket.on('jobs', (m: { data: { state: string } }) => states.push(m.data.state));
    await socket.emitWithAck('subscribe', { channels: ['jobs'] });
    const send = () =>
      request(t.baseUrl)
        .post(COMPILE)
        .set('Authorization', `Bearer ${operator.accessToken}`)
        .send({ code: BLINK });
    const results = await Promise.all([send(), send(), send()]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 429]);
    const refused = results.find((r) => r.status === 429)!;
    expectErrorEnvelope(refused, 429, 'rate_limited');
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await send()).status).toBe(200);
    await waitUntil('the events', () => states.filter((s) => s === 'succeeded').length >= 3, 5000);
    expect(states).toContain('queued');
    sockets.closeAll();
  }, 60_000);
});

describeWithToolchain('a compile past its timeout (API.md §7)', () => {
  let t: TestApp;
  let workDir: string;
  let operator: Session;

  beforeAll(async () => {
    // A fresh work directory: no cached core, so the firmware's compile takes seconds.
    workDir = mkdtempSync(join(tmpdir(), 'rmc-arduino-'));
    t = await createTestApp({
      env: {
        ARDUINO_WORK_DIR: workDir,
        ARDUINO_COMPILE_TIMEOUT_MS: '1000',
        THROTTLE_LIMIT: '100000',
      },
    });
    operator = await createUserAndLogin(t.baseUrl, await loginAdmin(t.baseUrl), 'operator');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('should be killed with all its children: 504 job_timeout, no process left, nothing kept', async () => {
    // The firmware plus work that keeps the compiler busy for seconds on any machine: a warm,
    // fast box compiled the firmware alone in under the 1 s timeout.
    const firmware =
      readFileSync(resolve(__dirname, '../../firmware/rover/rover.ino'), 'utf8') +
      slowToCompile(1500);
    const started = Date.now();
    const res = await request(t.baseUrl)
      .post(COMPILE)
      .set('Authorization', `Bearer ${operator.accessToken}`)
      .send({ code: firmware });
    expectErrorEnvelope(res, 504, 'job_timeout');
    expect(Date.now() - started).toBeLessThan(5000);
    await new Promise((r) => setTimeout(r, 200));
    expect(processesUsing(workDir)).toEqual([]);
    expect(readdirSync(join(workDir, 'compilations'))).toEqual([]);
  }, 60_000);
});

/**
 * One long function of float arithmetic (avr-gcc spends about 2 s optimising 1,500 of these
 * lines), kept alive by a global constructor so that the link-time optimiser cannot drop it.
 */
function slowToCompile(lines: number): string {
  const body: string[] = [];
  for (let i = 0; i < lines; i++) {
    body.push(
      `  a = a * 1.${String(i % 97).padStart(2, '0')}f + b / (c + ${i}.5f); b = b - a * c; c = (c + a) * 0.5f; if (a > ${i}.0f) c += slowIn;`,
    );
  }
  return [
    '',
    'volatile float slowIn;',
    'volatile float slowOut;',
    'void slowToCompile() {',
    '  float a = slowIn, b = slowIn + 1.0f, c = slowIn * 2.0f;',
    ...body,
    '  slowOut = a + b + c;',
    '}',
    'struct SlowToCompileAtBoot { SlowToCompileAtBoot() { slowToCompile(); } } slowToCompileAtBoot;',
    '',
  ].join('\n');
}

/** Live (not zombie) processes whose command line names `dir`. */
function processesUsing(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2)[0];
      if (cmdline.includes(dir) && state !== 'Z') found.push(`${pid} ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describeWithToolchain('the compilation store across a restart (API.md §7)', () => {
  it('should delete, at boot, what an earlier run left in the store, and keep the core cache', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'rmc-arduino-'));
    const env = { ARDUINO_WORK_DIR: workDir, THROTTLE_LIMIT: '100000' };
    try {
      const first = await createTestApp({ env });
      try {
        const operator = await createUserAndLogin(
          first.baseUrl,
          await loginAdmin(first.baseUrl),
          'operator',
        );
        await request(first.baseUrl)
          .post(COMPILE)
          .set('Authorization', `Bearer ${operator.accessToken}`)
          .send({ code: BLINK })
          .expect(200);
        expect(readdirSync(join(workDir, 'compilations'))).toHaveLength(1);
      } finally {
        await first.close();
      }
      const second = await createTestApp({ env });
      try {
        expect(readdirSync(workDir)).toContain('core-cache');
        expect(readdirSync(workDir)).not.toContain('compilations');
        expect(readdirSync(join(workDir, 'core-cache')).length).toBeGreaterThan(0);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }, 60_000);
});
