import { mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { createUserAndLogin, loginAdmin, type Session } from '../helpers/auth';
import { expectErrorEnvelope, expectValidationError } from '../helpers/catalog-envelope';
import { createTestApp, type TestApp } from '../helpers/create-test-app';
import { type PtyPair, startPtyPair } from '../helpers/pty-pair';
import { connectOutcome, SocketClients } from '../helpers/socket-client';
import { describeWithToolchain } from '../helpers/toolchain';

const BLINK =
  'void setup() { pinMode(13, OUTPUT); }\nvoid loop() { digitalWrite(13, !digitalRead(13)); delay(200); }\n';

interface JobMessage {
  data: { jobId: string; kind: string; state: string };
}

describeWithToolchain(
  'POST /api/arduino/upload: what it refuses, and a board that does not answer (API.md §7)',
  () => {
    let t: TestApp;
    let workDir: string;
    let pty: PtyPair;
    let operator: Session;
    let viewer: Session;
    let compilationId: string;
    const sockets = new SocketClients();
    let jobsSocket: Socket;
    const jobs: JobMessage[] = [];

    beforeAll(async () => {
      workDir = mkdtempSync(join(tmpdir(), 'rmc-arduino-'));
      pty = await startPtyPair();
      t = await createTestApp({
        env: {
          ARDUINO_WORK_DIR: workDir,
          ARDUINO_EXTRA_PORTS: pty.hostPath,
          THROTTLE_LIMIT: '100000',
        },
      });
      const admin = await loginAdmin(t.baseUrl);
      operator = await createUserAndLogin(t.baseUrl, admin, 'operator');
      viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
      jobsSocket = sockets.open(`${t.baseUrl}/telemetry`, { auth: { token: viewer.accessToken } });
      const outcome = await connectOutcome(jobsSocket);
      if (!outcome.connected) throw outcome.error;
      jobsSocket.on('jobs', (m: JobMessage) => jobs.push(m));
      await jobsSocket.emitWithAck('subscribe', { channels: ['jobs'] });
      const compiled = await request(t.baseUrl)
        .post('/api/arduino/compile')
        .set('Authorization', `Bearer ${operator.accessToken}`)
        .send({ code: BLINK });
      if (compiled.status !== 200) throw new Error(`compile: ${compiled.status} ${compiled.text}`);
      compilationId = compiled.body.compilation_id as string;
    }, 60_000);
    afterAll(async () => {
      sockets.closeAll();
      await t?.close();
      await pty?.close();
      rmSync(workDir, { recursive: true, force: true });
    });

    const upload = (body: object, session: Session = operator) =>
      request(t.baseUrl)
        .post('/api/arduino/upload')
        .set('Authorization', `Bearer ${session.accessToken}`)
        .send(body);
    const uploadJobs = () => jobs.filter((m) => m.data.kind === 'upload');

    it.each<[string, () => object, string]>([
      ['binary_path ../../etc/passwd', () => ({ binary_path: '../../etc/passwd' }), 'binary_path'],
      ['an absolute binary_path', () => ({ binary_path: '/etc/passwd' }), 'binary_path'],
      [
        'avrdude options in binary_path',
        () => ({ binary_path: `${compilationId}/x -U flash:r:/tmp/x` }),
        'binary_path',
      ],
      ['port /dev/sda', () => ({ compilation_id: compilationId, port: '/dev/sda' }), 'port'],
      ['port /etc/passwd', () => ({ compilation_id: compilationId, port: '/etc/passwd' }), 'port'],
      ['port COM1;x', () => ({ compilation_id: compilationId, port: 'COM1;x' }), 'port'],
      [
        'avrdude options in port',
        () => ({ compilation_id: compilationId, port: '-U flash:r:/tmp/x' }),
        'port',
      ],
      [
        'avrdude options in board',
        () => ({ compilation_id: compilationId, board: 'arduino:avr:uno -U flash:r:/tmp/x' }),
        'board',
      ],
      [
        'a board the sketch was not built for',
        () => ({ compilation_id: compilationId, board: 'arduino:avr:mega' }),
        'board',
      ],
      [
        'neither compilation_id nor binary_path',
        () => ({ compilation_id: undefined }),
        'compilation_id',
      ],
      [
        'an unknown field',
        () => ({ compilation_id: compilationId, programmer: 'usbasp' }),
        'programmer',
      ],
    ])('should refuse %s with 400 naming it, and run nothing', async (_label, overrides, field) => {
      const before = uploadJobs().length;
      expectValidationError(
        await upload({ compilation_id: compilationId, port: pty.hostPath, ...overrides() }),
        field,
      );
      await new Promise((r) => setTimeout(r, 50));
      expect(uploadJobs()).toHaveLength(before);
    });

    it('should answer an unknown compilation with 404', async () => {
      expectErrorEnvelope(
        await upload({
          compilation_id: '3f2504e0-4f89-4d94-8c7b-1a2b3c4d5e6f',
          port: pty.hostPath,
        }),
        404,
        'not_found',
      );
    });

    it('should refuse a compiled image replaced by a link out of the store', async () => {
      const other = await request(t.baseUrl)
        .post('/api/arduino/compile')
        .set('Authorization', `Bearer ${operator.accessToken}`)
        .send({ code: BLINK.replace('200', '300') })
        .expect(200);
      const hex = join(
        workDir,
        'compilations',
        other.body.compilation_id as string,
        'build',
        'sketch.ino.hex',
      );
      unlinkSync(hex);
      symlinkSync('/etc/passwd', hex);
      expectValidationError(
        await upload({ binary_path: other.body.binary_path, port: pty.hostPath }),
        'binary_path',
      );
    }, 60_000);

    it('should refuse a viewer with 403', async () => {
      expectErrorEnvelope(
        await upload({ compilation_id: compilationId, port: pty.hostPath }, viewer),
        403,
        'forbidden',
      );
    });

    it('should answer a port where no board answers with 502 upload_failed in bounded time', async () => {
      const started = Date.now();
      const res = await upload({ compilation_id: compilationId, port: pty.hostPath });
      expectErrorEnvelope(res, 502, 'upload_failed');
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(res.body.output).toMatch(/not in sync|programmer/);
      expect(res.text).not.toContain(workDir);
      expect(uploadJobs().map((m) => m.data.state)).toEqual(['running', 'failed']);
    }, 30_000);
  },
);
