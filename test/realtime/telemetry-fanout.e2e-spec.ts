import type { Socket } from 'socket.io-client';
import { SOCKETS_PER_TURN } from '../../src/realtime/telemetry/chunked-broadcast';
import { createUserAndLogin, loginAdmin } from '../helpers/auth';
import { createTestApp, type TestApp } from '../helpers/create-test-app';
import { counterTotal, waitUntil } from '../helpers/rover-rig';
import { connectOutcome, SocketClients } from '../helpers/socket-client';

interface Message {
  seq: number;
  snapshot?: true;
}

/** More subscribers than one turn of the event loop writes to, so the frame goes out in slices. */
const SUBSCRIBERS = SOCKETS_PER_TURN * 2 + 37;

describe('the telemetry broadcast to more sockets than one slice', () => {
  let t: TestApp;
  const sockets = new SocketClients();

  beforeAll(async () => {
    // The simulated rover at its default rate; one viewer's token for every socket.
    t = await createTestApp({
      env: { SOCKET_MAX_PER_USER: String(SUBSCRIBERS + 10), FLEET_SIMULATION: 'false' },
    });
  });
  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
  });

  it('should deliver every frame to every subscriber, each in order, and count each delivery', async () => {
    const admin = await loginAdmin(t.baseUrl);
    const viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
    const received: number[][] = [];
    const clients: Socket[] = [];
    for (let batch = 0; batch < SUBSCRIBERS; batch += 25) {
      const opened = await Promise.all(
        Array.from({ length: Math.min(25, SUBSCRIBERS - batch) }, async () => {
          const socket = sockets.open(`${t.baseUrl}/telemetry`, {
            auth: { token: viewer.accessToken },
          });
          const outcome = await connectOutcome(socket);
          if (!outcome.connected) throw outcome.error;
          return socket;
        }),
      );
      clients.push(...opened);
    }
    for (const socket of clients) {
      const seqs: number[] = [];
      received.push(seqs);
      socket.on('telemetry', (message: Message) => {
        if (!message.snapshot) seqs.push(message.seq);
      });
    }
    await Promise.all(
      clients.map((socket) => socket.emitWithAck('subscribe', { channels: ['telemetry'] })),
    );
    const counted = async () =>
      (await counterTotal(t.baseUrl, 'telemetry_messages_out_total')) +
      (await counterTotal(t.baseUrl, 'telemetry_messages_dropped_total'));
    const countedBefore = await counted();
    const firstSeq = Math.max(...received.map((seqs) => seqs[0] ?? 0));
    const lastSeq = firstSeq + 10;
    await waitUntil(
      'ten more frames broadcast',
      () => received.some((seqs) => seqs.includes(lastSeq)),
      10_000,
    );
    await new Promise((done) => setTimeout(done, 300)); // the last frame's later slices
    for (const seqs of received) {
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]);
      // Volatile: a socket whose transport is busy may miss a frame, never most of them.
      const inWindow = seqs.filter((seq) => seq > firstSeq && seq <= lastSeq);
      expect(inWindow.length).toBeGreaterThanOrEqual(8);
    }
    // Every slice is counted: sent or dropped, once per subscriber and frame.
    expect((await counted()) - countedBefore).toBeGreaterThanOrEqual(SUBSCRIBERS * 10);
  });
});
