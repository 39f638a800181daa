import request from 'supertest';
import { MessagesGateway } from '../../src/realtime/messages.gateway';
import { TelemetryGateway } from '../../src/realtime/telemetry/telemetry.gateway';
import { createTestApp, type TestApp } from '../helpers/create-test-app';

type Json = Record<string, unknown>;

/** Nest's metadata key for @SubscribeMessage's event name. */
const MESSAGE_METADATA = 'message';

/** The event names a gateway class handles, read from its decorators. */
function handledEvents(gateway: { prototype: object }): string[] {
  const proto = gateway.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto)
    .map((name) => proto[name])
    .filter((member): member is object => typeof member === 'function')
    .map((handler) => Reflect.getMetadata(MESSAGE_METADATA, handler) as string | undefined)
    .filter((event): event is string => event !== undefined);
}

/** Every `$ref` string anywhere in `value`. */
function refsOf(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsOf(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.push(child);
      else refsOf(child, found);
    }
  }
  return found;
}

function resolve(document: Json, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], document);
}

describe('/docs/websocket: the AsyncAPI document of the Socket.IO namespaces', () => {
  let t: TestApp;
  let document: Json;

  beforeAll(async () => {
    t = await createTestApp();
    const res = await request(t.baseUrl).get('/docs/websocket.json');
    expect(res.status).toBe(200);
    document = res.body as Json;
  });
  afterAll(() => t?.close());

  it('should be an AsyncAPI 3 document with the /telemetry and / namespaces', () => {
    expect(document.asyncapi).toBe('3.0.0');
    const channels = document.channels as Record<string, { address: string }>;
    expect(Object.values(channels).map((c) => c.address)).toEqual(
      expect.arrayContaining(['/telemetry', '/']),
    );
  });

  it('should describe every event each gateway handles, as a receive operation with a reply', () => {
    const operations = document.operations as Record<string, { action: string; reply?: object }>;
    for (const [id, gateway] of [
      ['telemetry', TelemetryGateway],
      ['default', MessagesGateway],
    ] as const) {
      const events = handledEvents(gateway);
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) {
        expect(operations[`${id}.${event}`]).toMatchObject({ action: 'receive' });
        expect(operations[`${id}.${event}`].reply).toBeDefined();
      }
    }
  });

  it('should describe every server event of /telemetry with its channel message envelope', () => {
    const operations = document.operations as Record<string, { action: string }>;
    const messages = (document.channels as Record<string, { messages: Record<string, Json> }>)
      .telemetry.messages;
    for (const event of ['telemetry', 'alerts', 'status', 'fleet', 'robot', 'commands', 'jobs']) {
      expect(operations[`telemetry.${event}`]).toMatchObject({ action: 'send' });
      expect(messages[event].payload).toMatchObject({
        required: ['type', 'seq', 'timestamp', 'data'],
      });
    }
  });

  it('should resolve every $ref inside the document, DTO schemas included', () => {
    const refs = refsOf(document);
    expect(refs).toContain('#/components/schemas/SubscriptionDto');
    for (const ref of refs) expect(resolve(document, ref)).toBeDefined();
  });

  it('should serve a page rendering it, with no script and nothing from other origins', async () => {
    const res = await request(t.baseUrl).get('/docs/websocket');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('/telemetry');
    expect(res.text).toContain('subscribe');
    expect(res.text).not.toMatch(/<script|https?:\/\/(?!localhost)/);
  });
});
