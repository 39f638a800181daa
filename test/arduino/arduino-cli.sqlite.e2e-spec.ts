import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createUserAndLogin, loginAdmin, type Session } from '../helpers/auth';
import { createTestApp, type TestApp } from '../helpers/create-test-app';

/**
 * arduino-cli cannot run here (its cores download from arduino.cc), so a stand-in on PATH answers
 * as arduino-cli 1.x does: what is under test is that the service prefers it, what argv it gets
 * (each argument on its own, no shell), and that its output is read like arduino-builder's.
 */
const FAKE_CLI = `#!/bin/sh
# Beside itself: the service passes its children no environment of its own but PATH and HOME.
log="$(dirname "$0")/argv.log"
printf '%s\\n' "$@" >> "$log"
printf -- '--\\n' >> "$log"
case "$1" in
  lib) echo '{"installed_libraries":[{"library":{"name":"Servo"}}]}' ;;
  compile)
    while [ $# -gt 0 ]; do [ "$1" = --build-path ] && build="$2"; shift; done
    echo ':00000001FF' > "$build/sketch.ino.hex"
    echo 'Sketch uses 924 bytes (2%) of program storage space. Maximum is 32256 bytes.'
    echo 'Global variables use 9 bytes (0%) of dynamic memory, leaving 2039 bytes for local variables. Maximum is 2048 bytes.' ;;
  *) exit 1 ;;
esac
`;

describe('arduino-cli, preferred when it is on PATH (API.md §7)', () => {
  let t: TestApp;
  let dir: string;
  let operator: Session;
  const savedPath = process.env.PATH;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rmc-cli-'));
    writeFileSync(join(dir, 'arduino-cli'), FAKE_CLI);
    chmodSync(join(dir, 'arduino-cli'), 0o755);
    process.env.PATH = `${dir}:${savedPath ?? ''}`;
    t = await createTestApp({
      env: { ARDUINO_WORK_DIR: join(dir, 'work'), THROTTLE_LIMIT: '100000' },
    });
    operator = await createUserAndLogin(t.baseUrl, await loginAdmin(t.baseUrl), 'operator');
  });
  afterAll(async () => {
    process.env.PATH = savedPath;
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should compile with arduino-cli, each argument apart, and read its sizes', async () => {
    const res = await request(t.baseUrl)
      .post('/api/arduino/compile')
      .set('Authorization', `Bearer ${operator.accessToken}`)
      .send({
        code: 'void setup() {}\nvoid loop() {}\n',
        board: 'arduino:avr:nano',
        libraries: ['Servo'],
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      toolchain: 'arduino-cli',
      sizes: { programBytes: 924, programMaxBytes: 32256, dataBytes: 9, dataMaxBytes: 2048 },
    });
    const calls = readFileSync(join(dir, 'argv.log'), 'utf8')
      .split('--\n')
      .filter((c) => c.length > 0);
    const compile = calls.map((c) => c.trim().split('\n')).find((argv) => argv[0] === 'compile')!;
    expect(compile.slice(0, 3)).toEqual(['compile', '--fqbn', 'arduino:avr:nano:cpu=atmega328']);
    expect(compile).toContain('--build-path');
    expect(compile[compile.length - 1]).toMatch(/\/compilations\/[0-9a-f-]{36}\/sketch$/);
  });
});
