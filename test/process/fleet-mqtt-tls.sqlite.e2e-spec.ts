import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mqttRobotId } from '../../src/fleet/vda5050/vehicle-registry';
import { TestBroker } from '../helpers/mqtt/broker';
import { FakeAgv } from '../helpers/mqtt/fake-agv';
import { type ProcessApp, requestJson, startProcessApp } from '../helpers/process-app';
import { waitUntil } from '../helpers/rover-rig';

const USERNAME = 'rmc-master';
const PASSWORD = 'broker-password-that-must-not-leak-7f3a';
const WRONG_PASSWORD = 'wrong-password-that-must-not-leak-91c2';

interface FleetMqttHealth {
  status: string;
  broker: string;
  connected: boolean;
  error?: string;
}

/** /health's fleet_mqtt entry, from a 200's `details` or a 503's `checks`. */
async function fleetMqttHealth(app: ProcessApp): Promise<FleetMqttHealth | undefined> {
  const res = await requestJson(app.baseUrl, 'GET', '/health');
  const checks = (res.body.details ?? res.body.checks) as
    Record<string, FleetMqttHealth> | undefined;
  return checks?.fleet_mqtt;
}

/*
 * The built service against a broker that wants TLS and credentials (an aedes child process with a
 * certificate made here by openssl): FLEET_MQTT_CA_FILE, FLEET_MQTT_USERNAME/PASSWORD, and
 * credentials in the URL, with every line the process prints checked for the passwords.
 */
describe('fleet over MQTT with TLS and credentials (node dist/main.js)', () => {
  let dir: string;
  let certFile: string;
  let broker: TestBroker;
  const apps: ProcessApp[] = [];
  const agvs: FakeAgv[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rmc-mqtt-tls-'));
    certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore', timeout: 20_000 },
    );
    broker = await TestBroker.start({
      tls: { certFile, keyFile },
      credentials: { username: USERNAME, password: PASSWORD },
    });
  }, 30_000);

  afterAll(async () => {
    await Promise.all(agvs.map((agv) => agv.stop().catch(() => undefined)));
    await Promise.all(apps.map((app) => app.stop(3000)));
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string>): Promise<ProcessApp> {
    const app = await startProcessApp({ env: { LOG_LEVEL: 'debug', ...env } });
    apps.push(app);
    return app;
  }

  function expectNoPasswordIn(app: ProcessApp): void {
    const output = app.lines.map((line) => line.text).join('\n');
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toContain(WRONG_PASSWORD);
  }

  it('should connect with the CA file and credentials, and list a vehicle on that broker', async () => {
    const app = await start({
      ADMIN_PASSWORD: 'tls-admin-password-0123',
      FLEET_MQTT_URL: broker.url,
      FLEET_MQTT_USERNAME: USERNAME,
      FLEET_MQTT_PASSWORD: PASSWORD,
      FLEET_MQTT_CA_FILE: certFile,
    });
    const health = await waitUntil(
      'fleet_mqtt up',
      async () => {
        const entry = await fleetMqttHealth(app);
        return entry?.status === 'up' ? entry : undefined;
      },
      10_000,
      100,
    );
    expect(health).toMatchObject({ connected: true, broker: `mqtts://127.0.0.1:${broker.port}` });

    const agv = new FakeAgv({
      brokerUrl: broker.url,
      serialNumber: 'tls-1',
      connectOptions: { username: USERNAME, password: PASSWORD, ca: readFileSync(certFile) },
    });
    agvs.push(agv);
    await agv.start();
    const login = await requestJson(app.baseUrl, 'POST', '/api/auth/login', {
      body: { username: 'admin', password: 'tls-admin-password-0123' },
    });
    const token = login.body.accessToken as string;
    const robot = await waitUntil(
      'the vehicle over TLS',
      async () => {
        const res = await requestJson(
          app.baseUrl,
          'GET',
          `/api/robots/${mqttRobotId('acme', 'tls-1')}`,
          {
            token,
          },
        );
        return res.status === 200 && res.body.battery !== null ? res.body : undefined;
      },
      3000,
      50,
    );
    expect(robot).toMatchObject({ source: 'mqtt', connectionState: 'ONLINE', battery: 80 });
    expectNoPasswordIn(app);
  }, 40_000);

  it('should report a refused password in /health, and never print it', async () => {
    const app = await start({
      FLEET_MQTT_URL: broker.url,
      FLEET_MQTT_USERNAME: USERNAME,
      FLEET_MQTT_PASSWORD: WRONG_PASSWORD,
      FLEET_MQTT_CA_FILE: certFile,
    });
    const health = await waitUntil(
      'a connection error in /health',
      async () => {
        const entry = await fleetMqttHealth(app);
        return entry?.error ? entry : undefined;
      },
      10_000,
      100,
    );
    expect(health).toMatchObject({ status: 'down', connected: false });
    expect(health.error).toMatch(/username|password|not authorized/i);
    expect(JSON.stringify(health)).not.toContain(WRONG_PASSWORD);
    expectNoPasswordIn(app);
  }, 40_000);

  it('should refuse a broker certificate it cannot verify (no CA file), and keep credentials in the URL out of every line', async () => {
    const app = await start({
      FLEET_MQTT_URL: `mqtts://${USERNAME}:${PASSWORD}@127.0.0.1:${broker.port}`,
    });
    const health = await waitUntil(
      'a TLS error in /health',
      async () => {
        const entry = await fleetMqttHealth(app);
        return entry?.error ? entry : undefined;
      },
      10_000,
      100,
    );
    expect(health).toMatchObject({
      status: 'down',
      connected: false,
      broker: `mqtts://127.0.0.1:${broker.port}`,
    });
    expect(health.error).toMatch(/certificate/i);
    expectNoPasswordIn(app);
  }, 40_000);
});
