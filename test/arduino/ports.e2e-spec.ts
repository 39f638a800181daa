import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/create-test-app';
import { type PtyPair, startPtyPair } from '../helpers/pty-pair';

describe('GET /api/arduino/ports (API.md §7)', () => {
  let t: TestApp;
  let pty: PtyPair;

  beforeAll(async () => {
    pty = await startPtyPair();
    t = await createTestApp({
      env: { ARDUINO_EXTRA_PORTS: `${pty.hostPath},/dev/rmc-no-such-port` },
    });
  });
  afterAll(async () => {
    await t?.close();
    await pty?.close();
  });

  it('should answer without a token, listing a configured pty that exists and not one that does not', async () => {
    const res = await request(t.baseUrl).get('/api/arduino/ports').expect(200);
    const ports = res.body.ports as {
      port: string;
      description: string;
      hwid: string;
      is_arduino: boolean;
    }[];
    expect(ports).toContainEqual({
      port: pty.hostPath,
      description: 'Configured port',
      hwid: 'n/a',
      is_arduino: false,
    });
    expect(ports.map((p) => p.port)).not.toContain('/dev/rmc-no-such-port');
    for (const port of ports) {
      expect(port).toEqual({
        port: expect.stringMatching(/^\//),
        description: expect.any(String),
        hwid: expect.any(String),
        is_arduino: expect.any(Boolean),
      });
    }
  });
});
