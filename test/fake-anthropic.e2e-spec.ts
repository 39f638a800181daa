import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  type ClientOptions,
  ContentTooLargeError,
  InternalServerError,
  OverloadedError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import { VERSION } from '@anthropic-ai/sdk/version';
import { FakeAnthropic } from './helpers/fake-anthropic';

const MODEL = 'claude-fake-model';
const PARAMS = {
  model: MODEL,
  max_tokens: 256,
  system: 'You are the rover assistant.',
  messages: [{ role: 'user' as const, content: 'Where is rover 7?' }],
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Settles to the error `promise` rejects with (fails the test if it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('FakeAnthropic (the real @anthropic-ai/sdk against a fake Messages API on loopback)', () => {
  let fake: FakeAnthropic;
  const client = (options: ClientOptions = {}) =>
    new Anthropic({
      apiKey: fake.apiKey,
      baseURL: fake.url,
      maxRetries: 0,
      timeout: 2000,
      ...options,
    });

  beforeEach(async () => {
    fake = await FakeAnthropic.start({ apiKey: 'sk-ant-test-e2e-key' });
  });
  afterEach(() => fake.close());

  it('should listen on loopback only', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('should answer messages.create with a Message and record what the SDK sent', async () => {
    fake.behaviour = { kind: 'reply', text: 'Rover 7 is at the north ridge.' };
    const message = await client().messages.create(PARAMS);

    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: MODEL,
      content: [{ type: 'text', text: 'Rover 7 is at the north ridge.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
    });
    expect(message.id).toMatch(/^msg_/);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(message._request_id).toBe(request.requestId);
    expect(request.requestId).toMatch(/^req_/);
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/messages');
    expect(request.body).toEqual(PARAMS);
    // What SDK 1.15 really sends: the key as a bearer token (no x-api-key), API version 2026-10-21.
    expect(request.headers).toMatchObject({
      accept: 'application/json',
      authorization: 'Bearer sk-ant-test-e2e-key',
      'anthropic-version': '2026-10-21',
      'content-type': 'application/json',
      'user-agent': `Anthropic/JS ${VERSION}`,
      'x-stainless-retry-count': '0',
      'x-stainless-timeout': '2',
      'x-stainless-lang': 'js',
      'x-stainless-package-version': VERSION,
      'x-stainless-os': expect.any(String),
      'x-stainless-arch': expect.any(String),
      'x-stainless-runtime': 'node',
      'x-stainless-runtime-version': process.version,
    });
    expect(request.headers['x-api-key']).toBeUndefined();
    expect(request.headers['x-stainless-helper-method']).toBeUndefined();
  });

  it('should stream the deltas in order through messages.stream, and finalMessage has the whole text', async () => {
    fake.behaviour = {
      kind: 'reply',
      text: 'Rover 7 is at the north ridge.',
      chunks: ['Rover 7 ', 'is at the ', 'north ridge.'],
      delayMsBetweenChunks: 20,
    };
    const stream = client().messages.stream(PARAMS);
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));
    const message = await stream.finalMessage();

    expect(deltas).toEqual(['Rover 7 ', 'is at the ', 'north ridge.']);
    expect(message.content).toEqual([
      { type: 'text', text: 'Rover 7 is at the north ridge.', citations: null },
    ]);
    expect(message).toMatchObject({ model: MODEL, stop_reason: 'end_turn', stop_sequence: null });
    expect(message.usage.output_tokens).toBeGreaterThan(1);
    expect(fake.requests[0].body).toEqual({ ...PARAMS, stream: true });
    expect(fake.requests[0].headers['x-stainless-helper-method']).toBe('stream');
  });

  it('should send the real event sequence, each as event/data, with a ping the SDK skips', async () => {
    fake.behaviour = { kind: 'reply', text: 'abcdef' };
    const stream = await client().messages.create({ ...PARAMS, stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);

    const response = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': fake.apiKey,
        'anthropic-version': '2026-10-21',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ ...PARAMS, stream: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    const frames = (await response.text()).split('\n\n').filter(Boolean);
    const wire = frames.map((frame) => {
      const [eventLine, dataLine, ...rest] = frame.split('\n');
      expect(rest).toEqual([]);
      const name = eventLine.replace(/^event: /, '');
      const data = JSON.parse(dataLine.replace(/^data: /, '')) as { type: string };
      expect(data.type).toBe(name);
      return name;
    });
    expect(wire).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('should turn down a wrong key with 401 authentication_error: AuthenticationError', async () => {
    const error = await rejectionOf(client({ apiKey: 'sk-ant-wrong' }).messages.create(PARAMS));

    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, type: 'authentication_error' });
    expect((error as AuthenticationError).error).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error', message: expect.any(String) },
    });
    expect(fake.requests).toEqual([]);
    expect(fake.rejected).toMatchObject([{ status: 401, type: 'authentication_error' }]);
  });

  it.each([
    [500, 'api_error', InternalServerError],
    [529, 'overloaded_error', OverloadedError],
    [429, 'rate_limit_error', RateLimitError],
  ] as const)(
    'should answer error %i %s, and the SDK throw %O at once, unretried',
    async (status, type, errorClass) => {
      fake.behaviour = { kind: 'error', status };
      const started = Date.now();
      const error = await rejectionOf(client().messages.create(PARAMS));

      expect(Date.now() - started).toBeLessThan(500);
      expect(error).toBeInstanceOf(errorClass);
      expect(error).toBeInstanceOf(APIError);
      expect(error).toMatchObject({ status, type, requestID: fake.requests[0].requestId });
      expect(fake.requests).toHaveLength(1);
    },
  );

  it('should stall: the SDK timeout (300 ms) throws APIConnectionTimeoutError and the fake sees the abort', async () => {
    fake.behaviour = { kind: 'stall' };
    const started = Date.now();
    const error = await rejectionOf(client({ timeout: 300 }).messages.create(PARAMS));
    const elapsed = Date.now() - started;

    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1000);
    await fake.waitForAborted(1);
    expect(fake.requests).toHaveLength(1);
    expect(fake.aborted).toBe(1);
  });

  it('should count an AbortController abort during a stall in aborted (APIUserAbortError)', async () => {
    fake.behaviour = { kind: 'stall' };
    const controller = new AbortController();
    const pending = rejectionOf(client().messages.create(PARAMS, { signal: controller.signal }));
    await fake.waitForRequests(1);
    expect(fake.aborted).toBe(0);
    controller.abort();

    expect(await pending).toBeInstanceOf(APIUserAbortError);
    await fake.waitForAborted(1);
    expect(fake.aborted).toBe(1);
  });

  it('should fail the stream after the first delta on stream-error-after-first-chunk (an APIError without status)', async () => {
    fake.behaviour = { kind: 'stream-error-after-first-chunk', text: 'Rover 7 is at the ridge.' };
    const stream = client().messages.stream(PARAMS);
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));
    const error = await rejectionOf(stream.finalMessage());

    expect(deltas).toEqual(['Rover 7 ']);
    expect(error).toBeInstanceOf(APIError);
    expect(error).not.toBeInstanceOf(OverloadedError);
    expect(error).toMatchObject({ status: undefined, type: 'overloaded_error' });
    expect(fake.aborted).toBe(0);
  });

  it('should hold a stream open after the first delta: the SDK timeout does not fire once headers are in', async () => {
    fake.behaviour = { kind: 'stall-after-first-chunk', text: 'Rover 7 is at the ridge.' };
    const stream = client({ timeout: 300 }).messages.stream(PARAMS);
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));
    let settled = false;
    const outcome = rejectionOf(stream.finalMessage()).finally(() => (settled = true));
    await sleep(900);

    expect(deltas).toEqual(['Rover 7 ']);
    expect(settled).toBe(false);
    stream.abort();
    expect(await outcome).toBeInstanceOf(APIUserAbortError);
    await fake.waitForAborted(1);
    expect(fake.aborted).toBe(1);
  });

  describe('what the fake checks, as the real API does', () => {
    const post = (
      headers: Record<string, string>,
      body: string,
      path = '/v1/messages',
      method = 'POST',
    ) =>
      fetch(`${fake.url}${path}`, {
        method,
        headers,
        ...(method === 'GET' ? {} : { body }),
      });
    const good = () => ({
      authorization: `Bearer ${fake.apiKey}`,
      'anthropic-version': '2026-10-21',
      'content-type': 'application/json',
    });
    const expectError = async (response: Response, status: number, type: string) => {
      expect(response.status).toBe(status);
      expect(response.headers.get('request-id')).toMatch(/^req_/);
      expect(await response.json()).toEqual({
        type: 'error',
        error: { type, message: expect.any(String) },
        request_id: response.headers.get('request-id'),
      });
    };

    it('should accept the key as x-api-key too, and a system-role message', async () => {
      const { authorization: _, ...headers } = good();
      const body = { ...PARAMS, messages: [{ role: 'system', content: 'Be brief.' }] };
      const response = await post({ ...headers, 'x-api-key': fake.apiKey }, JSON.stringify(body));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ type: 'message', model: MODEL });
    });

    it('should answer 401 without a key, 404 off /v1/messages, 405 for GET', async () => {
      const { authorization: _, ...noKey } = good();
      await expectError(await post(noKey, JSON.stringify(PARAMS)), 401, 'authentication_error');
      await expectError(
        await post(good(), JSON.stringify(PARAMS), '/v1/complete'),
        404,
        'not_found_error',
      );
      const get = await post(good(), '', '/v1/messages', 'GET');
      expect(get.headers.get('allow')).toBe('POST');
      await expectError(get, 405, 'invalid_request_error');
      expect(fake.requests).toEqual([]);
      expect(fake.rejected.map((r) => r.status)).toEqual([401, 404, 405]);
    });

    it('should answer 400 invalid_request_error without anthropic-version, or for a bad body', async () => {
      const { 'anthropic-version': _, ...noVersion } = good();
      await expectError(
        await post(noVersion, JSON.stringify(PARAMS)),
        400,
        'invalid_request_error',
      );
      await expectError(
        await post({ ...good(), 'content-type': 'text/plain' }, JSON.stringify(PARAMS)),
        400,
        'invalid_request_error',
      );
      for (const body of [
        '{not json',
        JSON.stringify({ ...PARAMS, model: undefined }),
        JSON.stringify({ ...PARAMS, max_tokens: '256' }),
        JSON.stringify({ ...PARAMS, messages: [] }),
        JSON.stringify({ ...PARAMS, messages: [{ role: 'tool', content: 'x' }] }),
        JSON.stringify({ ...PARAMS, system: [{ type: 'image' }] }),
        JSON.stringify({ ...PARAMS, stream: 'yes' }),
      ])
        await expectError(await post(good(), body), 400, 'invalid_request_error');
      expect(fake.requests).toEqual([]);
    });

    it('should turn down through the SDK: an empty messages list and an unknown field (BadRequestError)', async () => {
      const empty = await rejectionOf(client().messages.create({ ...PARAMS, messages: [] }));
      expect(empty).toBeInstanceOf(BadRequestError);
      expect(empty).toMatchObject({ status: 400, type: 'invalid_request_error' });

      // API version 2026-10-21 has no `temperature`: the SDK's types say so, the fake enforces it.
      const extra = await rejectionOf(
        client().messages.create({ ...PARAMS, temperature: 0.2 } as typeof PARAMS),
      );
      expect(extra).toBeInstanceOf(BadRequestError);
      expect((extra as BadRequestError).apiMessage).toBe(
        'temperature: Extra inputs are not permitted',
      );
    });

    it('should answer 413 request_too_large over 2 MiB (ContentTooLargeError)', async () => {
      const big = 'x'.repeat(2 * 1024 * 1024 + 1);
      const error = await rejectionOf(
        client().messages.create({ ...PARAMS, messages: [{ role: 'user', content: big }] }),
      );
      expect(error).toBeInstanceOf(ContentTooLargeError);
      expect(error).toMatchObject({ status: 413, type: 'request_too_large' });
      expect(fake.requests).toEqual([]);
    });

    it('should refuse chunks that do not join to the text', () => {
      expect(() => {
        fake.behaviour = { kind: 'reply', text: 'abc', chunks: ['a', 'b'] };
      }).toThrow('must join');
    });
  });

  it('should destroy a stalled connection on close', async () => {
    fake.behaviour = { kind: 'stall' };
    const pending = rejectionOf(client({ timeout: 10_000 }).messages.create(PARAMS));
    await fake.waitForRequests(1);
    await fake.close();
    const error = await pending;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(fake.aborted).toBe(0);
  });
});
