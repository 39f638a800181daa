import { type CatalogApp, startCatalogApp } from './helpers/catalog-app';
import {
  api,
  listPage,
  NAVIGATION_PATH,
  navigationBody,
  sleep,
  uniqueTag,
} from './helpers/catalog-fixtures';
import { createTestApp } from './helpers/create-test-app';
import { RawHttpConnection } from './helpers/raw-http';
import { connectOutcome, SocketClients } from './helpers/socket-client';

const REQUEST_TIMEOUT_MS = 1500;
const HEADERS_TIMEOUT_MS = 1000;
const KEEP_ALIVE_TIMEOUT_MS = 1000;
/** Node checks the request and headers deadlines once a second (configureApp sets the interval). */
const CHECK_INTERVAL_MS = 1000;
/** Room for a loaded CI machine; a cut-off after Node's default (300 s) would still fail by far. */
const SLACK_MS = 1500;
const REQUEST_TIMEOUT_RESPONSE = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';

/** The server cut the connection about `deadlineMs` after it opened, answering 408 or nothing. */
function expectCutOffAfter(connection: RawHttpConnection, deadlineMs: number): void {
  expect(connection.isClosed).toBe(true);
  expect(connection.closedAfterMs).toBeGreaterThanOrEqual(deadlineMs - 100);
  expect(connection.closedAfterMs).toBeLessThanOrEqual(deadlineMs + CHECK_INTERVAL_MS + SLACK_MS);
  expect(['', REQUEST_TIMEOUT_RESPONSE]).toContain(connection.received);
}

// First, on an app of its own (kept from when passport's process-global strategies made two apps
// in one process interfere; the guard no longer uses passport).
describe('HTTP server timeouts by default', () => {
  it('should be 15 s for a request, 10 s for its headers and 5 s for an idle keep-alive connection', async () => {
    const t = await createTestApp();
    try {
      const server = t.app.getHttpServer();
      expect([server.requestTimeout, server.headersTimeout, server.keepAliveTimeout]).toEqual([
        15_000, 10_000, 5000,
      ]);
    } finally {
      await t.close();
    }
  });
});

describe('HTTP server timeouts (e2e, issue 11: slow clients)', () => {
  let app: CatalogApp;
  const connections: RawHttpConnection[] = [];
  const open = async () => {
    const connection = await RawHttpConnection.open(app.baseUrl);
    connections.push(connection);
    return connection;
  };

  beforeAll(async () => {
    app = await startCatalogApp({
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
    });
  });
  afterEach(() => {
    for (const connection of connections.splice(0)) connection.destroy();
  });
  afterAll(() => app.t.close());

  const operator = () => api(app.baseUrl, app.operator);
  const namedLike = async (tag: string) =>
    (await listPage(operator(), NAVIGATION_PATH, `search=${tag}`)).total;

  /** A POST /api/navigation whose headers promise a body of `contentLength` bytes. */
  const postHeaders = (contentLength: number) =>
    `POST ${NAVIGATION_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
    `Authorization: Bearer ${app.operator.accessToken}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n`;

  it('should apply the configured timeouts to the HTTP server', () => {
    const server = app.t.app.getHttpServer();
    expect([server.requestTimeout, server.headersTimeout, server.keepAliveTimeout]).toEqual([
      REQUEST_TIMEOUT_MS,
      HEADERS_TIMEOUT_MS,
      KEEP_ALIVE_TIMEOUT_MS,
    ]);
  });

  describe('a request body that does not arrive', () => {
    it('should cut off a body that stalls after a few bytes of Content-Length: 100 at requestTimeout, storing nothing', async () => {
      const tag = uniqueTag();
      const connection = await open();
      connection.write(`${postHeaders(100)}{"name":"${tag}"`);

      await connection.waitForClose(REQUEST_TIMEOUT_MS + CHECK_INTERVAL_MS + SLACK_MS);

      expectCutOffAfter(connection, REQUEST_TIMEOUT_MS);
      expect(await namedLike(tag)).toBe(0);
    });

    it('should cut off a body trickled a byte every 100 ms at requestTimeout, storing nothing', async () => {
      const tag = uniqueTag();
      const body = JSON.stringify(navigationBody({ name: tag }));
      const connection = await open();
      connection.write(postHeaders(Buffer.byteLength(body)));
      connection.trickle(body, 100); // would take 20 s or more

      await connection.waitForClose(REQUEST_TIMEOUT_MS + CHECK_INTERVAL_MS + SLACK_MS);

      expectCutOffAfter(connection, REQUEST_TIMEOUT_MS);
      expect(await namedLike(tag)).toBe(0);
    });

    it('should still accept a body that arrives in pieces within requestTimeout', async () => {
      const tag = uniqueTag();
      const body = JSON.stringify(navigationBody({ name: tag }));
      const connection = await open();
      connection.write(postHeaders(Buffer.byteLength(body)));
      const pieces = body.match(/.{1,40}/gs) ?? [];
      for (const piece of pieces) {
        await sleep(600 / pieces.length);
        connection.write(piece);
      }

      await connection.waitForText('\r\n\r\n', 5000);

      expect(connection.received).toMatch(/^HTTP\/1\.1 201 Created\r\n/);
      expect(await namedLike(tag)).toBe(1);
    });
  });

  describe('headers that do not arrive', () => {
    it('should cut off a request line and headers that stop before the blank line at headersTimeout', async () => {
      const connection = await open();
      connection.write('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n');

      await connection.waitForClose(HEADERS_TIMEOUT_MS + CHECK_INTERVAL_MS + SLACK_MS);

      expectCutOffAfter(connection, HEADERS_TIMEOUT_MS);
    });

    it('should not let header bytes trickled every 100 ms extend headersTimeout', async () => {
      const connection = await open();
      connection.trickle(
        `GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'z'.repeat(200)}`,
        100,
      );

      await connection.waitForClose(HEADERS_TIMEOUT_MS + CHECK_INTERVAL_MS + SLACK_MS);

      expectCutOffAfter(connection, HEADERS_TIMEOUT_MS);
    });

    it('should close a connection that never sends a byte at headersTimeout', async () => {
      const connection = await open();

      await connection.waitForClose(HEADERS_TIMEOUT_MS + CHECK_INTERVAL_MS + SLACK_MS);

      expectCutOffAfter(connection, HEADERS_TIMEOUT_MS);
    });
  });

  describe('keep-alive', () => {
    const get = 'GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

    it('should serve several requests on one connection, then close it once idle for keepAliveTimeout', async () => {
      const connection = await open();
      connection.write(get);
      await connection.waitForText('"status":"ok"', 5000);
      expect(connection.received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(connection.received).toContain(`Keep-Alive: timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`);

      await sleep(KEEP_ALIVE_TIMEOUT_MS / 2);
      connection.received = '';
      connection.write(get);
      await connection.waitForText('"status":"ok"', 5000);
      expect(connection.received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      const idleFrom = connection.elapsedMs();

      // Node waits a second past the advertised timeout, so a client reusing the connection just
      // before it expires is not cut off mid-request.
      await connection.waitForClose(KEEP_ALIVE_TIMEOUT_MS + 1000 + SLACK_MS);

      expect(connection.isClosed).toBe(true);
      const idleMs = (connection.closedAfterMs ?? Infinity) - idleFrom;
      expect(idleMs).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS - 100);
      expect(idleMs).toBeLessThanOrEqual(KEEP_ALIVE_TIMEOUT_MS + 1000 + SLACK_MS);
    });
  });

  describe('Socket.IO long-polling', () => {
    const clients = new SocketClients();
    afterEach(() => clients.closeAll());

    it('should keep a polling socket connected and answering well past requestTimeout', async () => {
      const socket = clients.open(app.baseUrl, {
        transports: ['polling'],
        auth: { token: app.operator.accessToken },
      });
      await expect(connectOutcome(socket)).resolves.toEqual({ connected: true });
      const disconnects: string[] = [];
      socket.on('disconnect', (reason) => disconnects.push(reason));

      // Each poll is a GET the server holds open until it has something to send: it has been
      // received in full, so the request deadline must not apply while it waits.
      await sleep(REQUEST_TIMEOUT_MS + CHECK_INTERVAL_MS + 1500);

      expect(disconnects).toEqual([]);
      expect(socket.io.engine.transport.name).toBe('polling');
      const ack: unknown = await socket.timeout(5000).emitWithAck('message', { ping: 1 });
      expect(ack).toEqual({ status: 'received', data: { ping: 1 } });

      // The client says goodbye in one more POST; let it land before the app closes.
      socket.disconnect();
      await sleep(300);
    });
  });
});
