import { randomInt } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { type Socket } from 'node:net';
import type {
  Message,
  MessageDeltaUsage,
  RawMessageStreamEvent,
  Usage,
} from '@anthropic-ai/sdk/resources/messages';

/** A request the fake accepted: it passed every check below and got the current behaviour. */
export interface FakeAnthropicRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: {
    model: string;
    max_tokens: number;
    system?: unknown;
    messages: { role: string; content: unknown }[];
    stream?: boolean;
    tools?: unknown;
    [k: string]: unknown;
  };
  /** The `request-id` header the fake answered with (also what the SDK exposes as `_request_id`). */
  requestId: string;
  receivedAt: number;
}

/** A request the fake turned down with a 4xx before any behaviour applied (wrong key, bad body…). */
export interface FakeAnthropicRejection {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
  type: string;
  message: string;
}

/**
 * How the fake answers the next accepted request (read when the request arrives):
 * - `reply`: a Message, or for `stream: true` the real SSE event sequence with `chunks` as the
 *   text deltas (default: `text` in about three pieces; the chunks must join to `text`), with
 *   `delayMsBetweenChunks` between deltas;
 * - `error`: an HTTP error with Anthropic's error body; `type` defaults from the status (500
 *   `api_error`, 529 `overloaded_error`, 429 `rate_limit_error`…), `headers` are added as they are
 *   (e.g. `retry-after`, `x-should-retry`);
 * - `stall`: reads the request and never answers, not even the status line;
 * - `stall-after-first-chunk`: streaming: status, headers, `message_start`, `content_block_start`,
 *   `ping` and the first delta, then nothing. Non-streaming: status, headers and half the JSON body,
 *   then nothing. (The SDK's `timeout` covers only the wait for the headers: it does not fire here.)
 * - `stream-error-after-first-chunk`: streaming: as above, then `event: error` with an
 *   `overloaded_error` and the end of the response. Non-streaming: half the JSON body, then the
 *   connection is dropped.
 */
export type FakeAnthropicBehaviour =
  | { kind: 'reply'; text: string; chunks?: string[]; delayMsBetweenChunks?: number }
  | {
      kind: 'error';
      status: number;
      type?: string;
      message?: string;
      headers?: Record<string, string>;
    }
  | { kind: 'stall' }
  | { kind: 'stall-after-first-chunk'; text: string }
  | { kind: 'stream-error-after-first-chunk'; text: string; message?: string };

export interface FakeAnthropicOptions {
  /** The only key the fake accepts, as `x-api-key` or as `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** Bodies larger than this are answered 413 `request_too_large`. Default 2 MiB. */
  maxBodyBytes?: number;
}

export const FAKE_ANTHROPIC_DEFAULT_KEY = 'sk-ant-fake-0000000000000000';
const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;
const DEFAULT_BEHAVIOUR: FakeAnthropicBehaviour = { kind: 'reply', text: 'Hello from the fake.' };
const MESSAGES_PATH = '/v1/messages';
const VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const ROLES = new Set(['user', 'assistant', 'system']);
/** The body params of `MessageCreateParamsBase` in SDK 1.15 (API version 2026-10-21). */
const BODY_FIELDS = new Set([
  'model',
  'max_tokens',
  'messages',
  'cache_control',
  'container',
  'diagnostics',
  'inference_geo',
  'metadata',
  'output_config',
  'service_tier',
  'speed',
  'stop_sequences',
  'stream',
  'system',
  'thinking',
  'tool_choice',
  'tools',
]);
const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};
const MESSAGE_BY_TYPE: Record<string, string> = {
  invalid_request_error: 'Invalid request.',
  authentication_error: 'invalid x-api-key',
  billing_error: 'Your credit balance is too low to access the Anthropic API.',
  permission_error: 'Your API key does not have permission to use the specified resource.',
  not_found_error: 'Not found.',
  request_too_large: 'Request exceeds the maximum allowed number of bytes.',
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit.',
  api_error: 'Internal server error',
  timeout_error: 'Request timed out.',
  overloaded_error: 'Overloaded',
};
const ID_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function randomId(prefix: string): string {
  let id = `${prefix}_01`;
  for (let i = 0; i < 22; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

/** `text` in about three pieces (by code point, so no surrogate pair is split). */
export function splitIntoChunks(text: string, pieces = 3): string[] {
  const chars = Array.from(text);
  if (chars.length === 0) return [];
  const size = Math.ceil(chars.length / pieces);
  const chunks: string[] = [];
  for (let i = 0; i < chars.length; i += size) chunks.push(chars.slice(i, i + size).join(''));
  return chunks;
}

function estimateTokens(value: unknown): number {
  return Math.max(1, Math.ceil((JSON.stringify(value ?? '') ?? '').length / 4));
}

function sse(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

class Rejection extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): Rejection {
  return new Rejection(400, 'invalid_request_error', message);
}

function validateTextBlocks(value: unknown, where: string): void {
  if (!Array.isArray(value)) throw invalid(`${where}: Input should be a valid string or list`);
  value.forEach((block, i) => {
    if (!isRecord(block) || block.type !== 'text' || typeof block.text !== 'string')
      throw invalid(`${where}.${i}: Input should be a text block { type: 'text', text: string }`);
  });
}

/** What the Messages API checks in a body, as far as a fake can. */
function validateBody(body: unknown): FakeAnthropicRequest['body'] {
  if (!isRecord(body)) throw invalid('Input should be a valid dictionary or object');
  for (const key of Object.keys(body))
    if (!BODY_FIELDS.has(key)) throw invalid(`${key}: Extra inputs are not permitted`);
  if (body.model === undefined) throw invalid('model: Field required');
  if (typeof body.model !== 'string' || body.model === '')
    throw invalid('model: Input should be a non-empty string');
  if (body.max_tokens === undefined) throw invalid('max_tokens: Field required');
  if (
    typeof body.max_tokens !== 'number' ||
    !Number.isInteger(body.max_tokens) ||
    body.max_tokens < 0
  )
    throw invalid('max_tokens: Input should be a non-negative integer');
  if (body.messages === undefined) throw invalid('messages: Field required');
  if (!Array.isArray(body.messages)) throw invalid('messages: Input should be a valid list');
  if (body.messages.length === 0) throw invalid('messages: at least one message is required');
  body.messages.forEach((message, i) => {
    if (!isRecord(message)) throw invalid(`messages.${i}: Input should be a valid dictionary`);
    if (typeof message.role !== 'string' || !ROLES.has(message.role))
      throw invalid(`messages.${i}.role: Input should be 'user', 'assistant' or 'system'`);
    if (message.content === undefined) throw invalid(`messages.${i}.content: Field required`);
    if (typeof message.content === 'string') return;
    if (!Array.isArray(message.content))
      throw invalid(`messages.${i}.content: Input should be a valid string or list`);
    message.content.forEach((block, j) => {
      if (!isRecord(block) || typeof block.type !== 'string')
        throw invalid(`messages.${i}.content.${j}: Input should be a content block with a type`);
    });
    if (message.role === 'system') validateTextBlocks(message.content, `messages.${i}.content`);
  });
  if (body.system !== undefined && typeof body.system !== 'string')
    validateTextBlocks(body.system, 'system');
  if (body.stream !== undefined && typeof body.stream !== 'boolean')
    throw invalid('stream: Input should be a valid boolean');
  return body as FakeAnthropicRequest['body'];
}

function credentialOf(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey;
  const authorization = headers.authorization;
  const bearer = authorization && /^Bearer (.+)$/i.exec(authorization);
  return bearer ? bearer[1] : undefined;
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/**
 * A fake of Anthropic's Messages API (`POST /v1/messages`) on 127.0.0.1, for the real
 * `@anthropic-ai/sdk` client pointed at it with `baseURL: fake.url`. It checks what the real
 * server checks (path, method, key, `anthropic-version`, JSON body, size), records what it
 * accepted, and answers as `behaviour` says: a reply (plain or SSE), an error, or a stall.
 */
export class FakeAnthropic {
  readonly requests: FakeAnthropicRequest[] = [];
  readonly rejected: FakeAnthropicRejection[] = [];
  readonly apiKey: string;

  private baseUrl = '';

  private current: FakeAnthropicBehaviour = DEFAULT_BEHAVIOUR;
  private abortedCount = 0;
  private closing = false;
  private readonly maxBodyBytes: number;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Responses the fake itself cut off, which are not client aborts. */
  private readonly droppedByFake = new WeakSet<ServerResponse>();
  private readonly waiters = new Set<{
    ready: () => boolean;
    resolve: () => void;
    reject: (error: Error) => void;
  }>();

  private constructor(options: FakeAnthropicOptions) {
    this.apiKey = options.apiKey ?? FAKE_ANTHROPIC_DEFAULT_KEY;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.server = createServer((req, res) => this.onRequest(req, res));
    this.server.on('connection', (socket) => {
      if (!isLoopback(socket.remoteAddress)) {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
    const fake = new FakeAnthropic(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => {
        fake.server.off('error', reject);
        resolve();
      });
    });
    const address = fake.server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    fake.baseUrl = `http://127.0.0.1:${address.port}`;
    return fake;
  }

  /** `http://127.0.0.1:<port>`: the SDK's `baseURL` (what ANTHROPIC_BASE_URL is set to). */
  get url(): string {
    return this.baseUrl;
  }

  get behaviour(): FakeAnthropicBehaviour {
    return this.current;
  }

  set behaviour(behaviour: FakeAnthropicBehaviour) {
    if (
      behaviour.kind === 'reply' &&
      behaviour.chunks !== undefined &&
      behaviour.chunks.join('') !== behaviour.text
    )
      throw new Error('FakeAnthropic: the chunks of a reply must join to its text');
    this.current = behaviour;
  }

  /** Requests whose client connection closed before the fake had finished answering. */
  get aborted(): number {
    return this.abortedCount;
  }

  /** Resolves once `n` requests have been accepted (recorded in `requests`). */
  waitForRequests(n: number, timeoutMs = 5000): Promise<void> {
    return this.waitFor(() => this.requests.length >= n, timeoutMs, `${n} request(s)`);
  }

  /** Resolves once `n` client aborts have been seen: the close arrives a little after the abort. */
  waitForAborted(n: number, timeoutMs = 5000): Promise<void> {
    return this.waitFor(() => this.abortedCount >= n, timeoutMs, `${n} aborted request(s)`);
  }

  /** Forgets recorded requests, rejections and aborts, and goes back to the default behaviour. */
  reset(): void {
    this.requests.length = 0;
    this.rejected.length = 0;
    this.abortedCount = 0;
    this.current = DEFAULT_BEHAVIOUR;
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const waiter of this.waiters) waiter.reject(new Error('FakeAnthropic closed'));
    this.waiters.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private waitFor(ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        ready,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`FakeAnthropic: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private notify(): void {
    for (const waiter of this.waiters) {
      if (!waiter.ready()) continue;
      this.waiters.delete(waiter);
      waiter.resolve();
    }
  }

  private after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const requestId = randomId('req');
    res.setHeader('request-id', requestId);
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    res.on('close', () => {
      if (res.writableFinished || this.closing || this.droppedByFake.has(res)) return;
      this.abortedCount++;
      this.notify();
    });
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const method = req.method ?? '';
    const reject = (rejection: Rejection): void => {
      this.rejected.push({
        method,
        path,
        headers: req.headers,
        status: rejection.status,
        type: rejection.type,
        message: rejection.message,
      });
      this.sendError(res, requestId, rejection.status, rejection.type, rejection.message, {
        ...rejection.headers,
      });
    };

    let rejection: Rejection | undefined;
    if (path !== MESSAGES_PATH) rejection = new Rejection(404, 'not_found_error', 'Not Found');
    else if (method !== 'POST')
      rejection = new Rejection(405, 'invalid_request_error', 'Method Not Allowed', {
        allow: 'POST',
      });
    else rejection = this.checkHeaders(req.headers);

    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= this.maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      if (rejection) return reject(rejection);
      try {
        const body = this.parseBody(req.headers, size, Buffer.concat(chunks));
        const accepted: FakeAnthropicRequest = {
          method,
          path,
          headers: req.headers,
          body,
          requestId,
          receivedAt: Date.now(),
        };
        this.requests.push(accepted);
        this.notify();
        this.answer(accepted, res);
      } catch (error) {
        if (error instanceof Rejection) reject(error);
        else throw error;
      }
    });
  }

  private checkHeaders(headers: IncomingHttpHeaders): Rejection | undefined {
    const credential = credentialOf(headers);
    if (credential === undefined)
      return new Rejection(401, 'authentication_error', 'x-api-key header is required');
    if (credential !== this.apiKey)
      return new Rejection(401, 'authentication_error', 'invalid x-api-key');
    const version = headers['anthropic-version'];
    if (version === undefined || version === '')
      return new Rejection(400, 'invalid_request_error', 'anthropic-version: header is required');
    if (typeof version !== 'string' || !VERSION_PATTERN.test(version))
      return new Rejection(
        400,
        'invalid_request_error',
        `anthropic-version: invalid version ${JSON.stringify(version)}`,
      );
    return undefined;
  }

  private parseBody(
    headers: IncomingHttpHeaders,
    size: number,
    raw: Buffer,
  ): FakeAnthropicRequest['body'] {
    if (size > this.maxBodyBytes)
      throw new Rejection(413, 'request_too_large', MESSAGE_BY_TYPE.request_too_large);
    const mediaType = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json')
      throw invalid(`content-type: expected application/json, got ${String(mediaType)}`);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw invalid('There was an issue with your request body: it is not valid JSON');
    }
    return validateBody(body);
  }

  private sendError(
    res: ServerResponse,
    requestId: string,
    status: number,
    type: string,
    message: string,
    headers: Record<string, string> = {},
  ): void {
    const body = JSON.stringify({ type: 'error', error: { type, message }, request_id: requestId });
    res.writeHead(status, {
      ...headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  }

  private answer(request: FakeAnthropicRequest, res: ServerResponse): void {
    const behaviour = this.current;
    const streaming = request.body.stream === true;
    switch (behaviour.kind) {
      case 'reply':
        if (!streaming) return this.sendMessage(request, res, behaviour.text);
        return this.sendStream(request, res, behaviour.chunks ?? splitIntoChunks(behaviour.text), {
          delayMs: behaviour.delayMsBetweenChunks ?? 0,
        });
      case 'error': {
        const type = behaviour.type ?? TYPE_BY_STATUS[behaviour.status] ?? 'api_error';
        const message = behaviour.message ?? MESSAGE_BY_TYPE[type] ?? 'Error';
        return this.sendError(
          res,
          request.requestId,
          behaviour.status,
          type,
          message,
          behaviour.headers,
        );
      }
      case 'stall':
        return;
      case 'stall-after-first-chunk':
      case 'stream-error-after-first-chunk': {
        const drop = behaviour.kind === 'stream-error-after-first-chunk';
        if (!streaming) return this.sendHalfMessage(request, res, behaviour.text, drop);
        const first = splitIntoChunks(behaviour.text).slice(0, 1);
        const message = drop ? (behaviour.message ?? 'Overloaded') : undefined;
        return this.sendStream(request, res, first, {
          stopAfterDeltas: true,
          errorMessage: message,
        });
      }
    }
  }

  private message(request: FakeAnthropicRequest, text: string | null): Message {
    const input_tokens = estimateTokens([request.body.system, request.body.messages]);
    const usage: Usage = {
      input_tokens,
      output_tokens: text === null ? 1 : request.body.max_tokens === 0 ? 0 : estimateTokens(text),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
      inference_geo: 'not_available',
      output_tokens_details: null,
      server_tool_use: null,
      service_tier: 'standard',
      speed: 'standard',
    };
    const empty = text === null || request.body.max_tokens === 0;
    return {
      id: randomId('msg'),
      type: 'message',
      role: 'assistant',
      model: request.body.model,
      content: empty ? [] : [{ type: 'text', text, citations: null }],
      stop_reason: text === null ? null : request.body.max_tokens === 0 ? 'max_tokens' : 'end_turn',
      stop_sequence: null,
      stop_details: null,
      container: null,
      diagnostics: null,
      usage,
    };
  }

  private sendMessage(request: FakeAnthropicRequest, res: ServerResponse, text: string): void {
    const body = JSON.stringify(this.message(request, text));
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  }

  private sendHalfMessage(
    request: FakeAnthropicRequest,
    res: ServerResponse,
    text: string,
    drop: boolean,
  ): void {
    const body = JSON.stringify(this.message(request, text));
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.write(body.slice(0, Math.floor(body.length / 2)));
    if (drop) {
      this.droppedByFake.add(res);
      res.socket?.destroy();
    }
  }

  /**
   * The SSE sequence of a text reply: message_start, content_block_start, ping, one
   * content_block_delta per chunk, content_block_stop, message_delta, message_stop. With
   * `stopAfterDeltas`, it stops after the deltas: silent, or with an `error` event and the end.
   */
  private sendStream(
    request: FakeAnthropicRequest,
    res: ServerResponse,
    chunks: string[],
    options: { delayMs?: number; stopAfterDeltas?: boolean; errorMessage?: string },
  ): void {
    const text = chunks.join('');
    const start = this.message(request, null);
    const final = this.message(request, text);
    const events: RawMessageStreamEvent[] = [
      { type: 'message_start', message: start },
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'text', text: '', citations: null },
      },
    ];
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
    });
    for (const event of events) res.write(sse(event.type, event));
    res.write(sse('ping', { type: 'ping' }));

    const usage: MessageDeltaUsage = {
      input_tokens: final.usage.input_tokens,
      output_tokens: final.usage.output_tokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens_details: null,
      server_tool_use: null,
    };
    const tail: RawMessageStreamEvent[] = [
      { type: 'content_block_stop', index: 0 },
      {
        type: 'message_delta',
        delta: {
          stop_reason: final.stop_reason,
          stop_sequence: null,
          stop_details: null,
          container: null,
        },
        usage,
      },
      { type: 'message_stop' },
    ];
    const finish = (): void => {
      if (res.destroyed) return;
      if (options.errorMessage !== undefined) {
        const error = { type: 'overloaded_error', message: options.errorMessage };
        res.end(sse('error', { type: 'error', error, request_id: request.requestId }));
      } else if (!options.stopAfterDeltas) {
        for (const event of tail) res.write(sse(event.type, event));
        res.end();
      }
    };
    const next = (i: number): void => {
      if (res.destroyed) return;
      if (i >= chunks.length) return finish();
      const delta: RawMessageStreamEvent = {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: chunks[i] },
      };
      res.write(sse(delta.type, delta));
      if (options.delayMs && i + 1 < chunks.length) this.after(options.delayMs, () => next(i + 1));
      else next(i + 1);
    };
    next(0);
  }
}
