import { randomUUID } from 'node:crypto';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Actor } from '../common/actor/actor';
import { AppError } from '../common/errors/app-error';
import { isErrorCode } from '../common/errors/error-code';
import type { RedisPubSub } from '../common/redis/redis-connection';
import { RedisConnection } from '../common/redis/redis-connection';
import { notLinkOwner } from '../hardware/hardware-errors';
import { HardwareService } from '../hardware/hardware.service';
import type { EmergencyStopResultDto } from './dto/control.dto';
import { EmergencyStopService } from './emergency-stop.service';

/**
 * How long a forwarded e-stop waits for the owner's answer: the owner answers within its ACK wait
 * (500 ms) and record grace (100 ms) even when the rover is silent, so silence past this means the
 * owner is gone or Redis lost the message.
 */
export const RELAY_REPLY_WAIT_MS = 1000;
/** Larger messages on the relay channels are not ours; they are dropped unread. */
const MAX_MESSAGE_BYTES = 4096;

interface StopRequest {
  id: string;
  actor: Actor;
}

type StopReply =
  | { id: string; ok: true; result: EmergencyStopResultDto }
  | { id: string; ok: false; code: string; message: string };

interface Pending {
  resolve: (result: EmergencyStopResultDto) => void;
  reject: (error: AppError) => void;
  timer: NodeJS.Timeout;
}

/**
 * The e-stop from an instance that does not own the rover link (SERIAL_PORT=none). Stopping is
 * the one command that is always safe to pass on, and an operator whose console landed on the
 * wrong instance must still be able to stop the rover; so with REDIS_URL that instance publishes
 * the request, the owner runs it as its own e-stop (frame first, audited under the caller's name)
 * and publishes the answer, which the caller gets unchanged. When no owner is listening, or none
 * answers in RELAY_REPLY_WAIT_MS, the answer is 503: never "stopped" for a stop that may not
 * have happened. Motion and resume are not forwarded: they need the owner's deadman lease and
 * queue, and a refused move is safe.
 */
@Injectable()
export class EmergencyStopRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EmergencyStopRelay');
  private pubSub?: RedisPubSub;
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly hardware: HardwareService,
    private readonly estop: EmergencyStopService,
  ) {}

  private get requests(): string {
    return `${this.pubSub?.channelPrefix}:estop`;
  }

  private get replies(): string {
    return `${this.pubSub?.channelPrefix}:estop-reply`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const pubSub = await this.redis.openRelay();
    if (!pubSub) return;
    this.pubSub = pubSub;
    pubSub.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.onMessage(channel.toString(), message),
    );
    // The owner listens for requests, every other instance for answers.
    const channel = this.hardware.ownsLink ? this.requests : this.replies;
    // Not awaited: with Redis down the subscription waits in the connection's queue until it is
    // back, and boot must not wait with it.
    pubSub.subscriber.subscribe(channel).catch((error: Error) => {
      this.logger.warn(`cannot subscribe to ${channel} (${error.message})`);
    });
  }

  onApplicationShutdown(): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(noOwnerAnswer('this instance is shutting down'));
      this.pending.delete(id);
    }
  }

  /** Whether this instance can pass an e-stop to the owner (it has REDIS_URL and no link). */
  get canForward(): boolean {
    return this.pubSub !== undefined && !this.hardware.ownsLink;
  }

  /** Hands the e-stop to the instance that owns the link; resolves with its answer. */
  async forward(actor: Actor): Promise<EmergencyStopResultDto> {
    const pubSub = this.pubSub;
    if (!pubSub || this.hardware.ownsLink) throw notLinkOwner();
    const id = randomUUID();
    const request: StopRequest = { id, actor: { id: actor.id, username: actor.username } };
    const answer = new Promise<EmergencyStopResultDto>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(noOwnerAnswer(`no answer within ${RELAY_REPLY_WAIT_MS} ms`));
      }, RELAY_REPLY_WAIT_MS);
      this.pending.set(id, { resolve, reject, timer });
    });
    let listeners: number;
    try {
      listeners = await pubSub.publisher.publish(this.requests, JSON.stringify(request));
    } catch (error) {
      this.settle(id, undefined, noOwnerAnswer(`Redis is unreachable: ${errorText(error)}`));
      return answer;
    }
    if (listeners === 0) this.settle(id, undefined, noOwnerAnswer('no instance owns the link'));
    return answer;
  }

  private onMessage(channel: string, raw: Buffer): void {
    if (raw.length > MAX_MESSAGE_BYTES) return;
    const message = parseJson(raw);
    if (channel === this.requests && this.hardware.ownsLink) {
      const request = asStopRequest(message);
      if (request) void this.stopFor(request);
    } else if (channel === this.replies) {
      const reply = asStopReply(message);
      if (!reply || !this.pending.has(reply.id)) return;
      if (reply.ok) this.settle(reply.id, reply.result);
      else this.settle(reply.id, undefined, remoteError(reply.code, reply.message));
    }
  }

  private async stopFor(request: StopRequest): Promise<void> {
    let reply: StopReply;
    try {
      const result = await this.estop.emergencyStop(request.actor);
      reply = { id: request.id, ok: true, result };
    } catch (error) {
      const known = error instanceof AppError;
      reply = {
        id: request.id,
        ok: false,
        code: known ? error.code : 'internal_error',
        message: known ? error.message : 'The owner could not run the emergency stop',
      };
    }
    await this.pubSub?.publisher.publish(this.replies, JSON.stringify(reply)).catch((error) => {
      this.logger.warn(`e-stop ran, but its answer was not sent back: ${errorText(error)}`);
    });
  }

  private settle(id: string, result?: EmergencyStopResultDto, error?: AppError): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (result) pending.resolve(result);
    else pending.reject(error ?? noOwnerAnswer('no answer'));
  }
}

function noOwnerAnswer(why: string): AppError {
  return new AppError(
    'hardware_unavailable',
    `This instance does not own the rover link and could not pass the emergency stop to the one ` +
      `that does (${why}); the rover may not have stopped: stop it through the owner`,
  );
}

function remoteError(code: string, message: string): AppError {
  return isErrorCode(code) ? new AppError(code, message) : new AppError('internal_error', message);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isShortString = (value: unknown, max = 200): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

function asStopRequest(value: unknown): StopRequest | undefined {
  if (!isRecord(value) || !isShortString(value.id, 64) || !isRecord(value.actor)) return undefined;
  const { id, username } = value.actor;
  if (!(id === null || isShortString(id, 64)) || !isShortString(username, 100)) return undefined;
  return { id: value.id, actor: { id, username } };
}

function asStopReply(value: unknown): StopReply | undefined {
  if (!isRecord(value) || !isShortString(value.id, 64)) return undefined;
  if (value.ok === true && isRecord(value.result) && value.result.status === 'stopped') {
    return { id: value.id, ok: true, result: value.result as unknown as EmergencyStopResultDto };
  }
  if (value.ok === false && isShortString(value.code, 64) && isShortString(value.message, 1000)) {
    return { id: value.id, ok: false, code: value.code, message: value.message };
  }
  return undefined;
}

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
