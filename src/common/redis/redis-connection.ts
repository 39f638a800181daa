import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Command, Redis, type RedisOptions } from 'ioredis';
import { AppConfig } from '../../config/app-config';

type RedisRole = 'commands' | 'publisher' | 'subscriber' | 'relay-publisher' | 'relay-subscriber';

/** What this instance does without the connection, for the warning when it is lost. */
const WITHOUT: Record<RedisRole, string> = {
  commands: 'rate and login limits are counted by this instance alone',
  publisher: "broadcasts from this instance reach only this instance's clients",
  subscriber: "this instance's clients get no broadcasts from the other instances",
  'relay-publisher': 'an e-stop pressed on an instance without the rover link cannot be forwarded',
  'relay-subscriber': 'e-stops cannot be forwarded between this instance and the others',
};

/** The Socket.IO adapter's pair: PUBLISH on one connection, (P)SUBSCRIBE on the other. */
export interface RedisPubSub {
  readonly publisher: Redis;
  readonly subscriber: Redis;
  /**
   * The prefix of the adapter's channels. Pub/sub ignores the database number, so the channels
   * carry it: deployments that share a Redis server on different databases never hear each other.
   */
  readonly channelPrefix: string;
}

/** How long boot waits for Redis to accept a connection before going on without it. */
const BOOT_WAIT_MS = 3000;
/** A command that gets no answer this fast is treated as Redis being down (see the storages). */
const COMMAND_TIMEOUT_MS = 250;
const QUIT_TIMEOUT_MS = 1000;

/**
 * The Redis connections of this process, all of them, so that there is one place that opens,
 * watches and closes them. Without REDIS_URL it opens nothing and every Redis-backed feature
 * takes its in-memory path; with it, Redis being down never stops the service: callers fall back
 * to this instance's own state, and the connections retry until Redis is back.
 *
 * Connection roles differ on purpose. `commands` (limits, health) and `publisher` never queue a
 * command while disconnected: a limit check must fall back now rather than wait for Redis, and
 * broadcasts queued during an outage would grow without bound. The `subscriber` does queue, because
 * its only commands are the adapter's few subscriptions, which must reach Redis once it is back.
 */
@Injectable()
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly url?: string;
  private readonly clients = new Map<RedisRole, Redis>();
  private closing = false;
  private relay?: Promise<RedisPubSub | undefined>;
  /** Limits, health; undefined without REDIS_URL. */
  readonly commands?: Redis;

  constructor(config: AppConfig) {
    this.url = config.redisUrl;
    if (this.url === undefined) return;
    this.commands = this.open('commands', Redis, {
      keyPrefix: 'rmc:',
      enableOfflineQueue: false,
      commandTimeout: COMMAND_TIMEOUT_MS,
      // A counter script whose reply was lost may have run; sending it again would count twice.
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
    });
  }

  get enabled(): boolean {
    return this.url !== undefined;
  }

  /** The database number REDIS_URL selects (0 when it names none). */
  get database(): number {
    return this.commands?.options.db ?? 0;
  }

  async onModuleInit(): Promise<void> {
    if (this.commands) await this.readyOrDown(this.commands);
  }

  /**
   * Opens the Socket.IO adapter's two connections and waits (briefly) for them; undefined without
   * REDIS_URL. Called once, before the Socket.IO server exists, so that its first broadcast
   * already reaches the other instances.
   */
  async openPubSub(): Promise<RedisPubSub | undefined> {
    if (this.url === undefined) return undefined;
    const publisher = this.open('publisher', FireAndForgetRedis, {
      enableOfflineQueue: false,
      commandTimeout: COMMAND_TIMEOUT_MS * 4,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
    });
    const subscriber = this.open('subscriber', FireAndForgetRedis, { maxRetriesPerRequest: null });
    await Promise.all([this.readyOrDown(publisher), this.readyOrDown(subscriber)]);
    return { publisher, subscriber, channelPrefix: `rmc:${this.database}:socket.io` };
  }

  /**
   * A second pub/sub pair for messages between instances (the e-stop relay, the rover status
   * mirror), apart from the adapter's so that neither sees the other's traffic; one pair for all
   * its users, each listening to its own channels; undefined without REDIS_URL. Publishing
   * fails at once while Redis is down (a forwarded stop must not wait in a queue); the subscriber
   * queues its subscriptions until Redis is back.
   */
  openRelay(): Promise<RedisPubSub | undefined> {
    this.relay ??= this.openRelayPair();
    return this.relay;
  }

  private async openRelayPair(): Promise<RedisPubSub | undefined> {
    if (this.url === undefined) return undefined;
    const publisher = this.open('relay-publisher', Redis, {
      enableOfflineQueue: false,
      commandTimeout: COMMAND_TIMEOUT_MS,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
    });
    const subscriber = this.open('relay-subscriber', FireAndForgetRedis, {
      maxRetriesPerRequest: null,
    });
    await Promise.all([this.readyOrDown(publisher), this.readyOrDown(subscriber)]);
    return { publisher, subscriber, channelPrefix: `rmc:${this.database}:relay` };
  }

  /** Round trip of a PING on the commands connection, in ms; rejects when Redis cannot answer. */
  async ping(): Promise<number> {
    if (!this.commands) throw new Error('REDIS_URL is not set');
    const started = performance.now();
    await this.commands.ping();
    return Math.round((performance.now() - started) * 100) / 100;
  }

  /** Each open connection's ioredis status (`ready` when it can carry commands). */
  states(): Record<string, string> {
    return Object.fromEntries([...this.clients].map(([role, client]) => [role, client.status]));
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.clients.values()].map((client) => close(client)));
    this.clients.clear();
  }

  private open(role: RedisRole, Client: typeof Redis, options: RedisOptions): Redis {
    const client = new Client(this.url as string, {
      connectionName: `rmc:${role}`,
      connectTimeout: 2000,
      // How long a closing connection may take; ioredis arms it even for a socket that never opened.
      disconnectTimeout: 500,
      // Forever, at most every 2 s: a Redis that comes back is used again without a restart.
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      ...options,
    });
    this.watch(role, client);
    this.clients.set(role, client);
    return client;
  }

  /** One line when a connection is lost and one when it is back, not one per retry. */
  private watch(role: RedisRole, client: Redis): void {
    let up: boolean | undefined;
    client.on('ready', () => {
      if (up === false) this.logger.log(`Redis ${role} connection is back`);
      up = true;
    });
    const lost = (error?: Error) => {
      if (this.closing || up === false) return;
      const what = up === undefined ? 'failed' : 'lost';
      up = false;
      const why = error?.message ?? 'connection closed';
      this.logger.warn(
        `Redis ${role} connection ${what} (${why}); until it is back, ${WITHOUT[role]}`,
      );
    };
    // Without an `error` listener ioredis prints every failed retry to the console.
    client.on('error', lost);
    client.on('close', () => lost());
  }

  /** Resolves when the client is ready, has failed once, or BOOT_WAIT_MS passed; never rejects. */
  private readyOrDown(client: Redis): Promise<void> {
    if (client.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        client.off('ready', done);
        client.off('error', done);
        resolve();
      };
      const timer = setTimeout(done, BOOT_WAIT_MS);
      client.once('ready', done);
      client.once('error', done);
    });
  }
}

/**
 * The Socket.IO Redis adapter calls PUBLISH and SUBSCRIBE and drops their promises. While Redis is
 * down those reject, and an unhandled rejection would end the process; every command of these
 * two connections therefore gets a handler. Callers that await a command still see its error.
 */
export class FireAndForgetRedis extends Redis {
  private readonly handled = new WeakSet<Command>();

  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    const result = super.sendCommand(command, stream);
    if (!this.handled.has(command)) {
      this.handled.add(command);
      command.promise.catch(() => undefined); // a lost broadcast: the connection's watcher logged why
    }
    return result;
  }
}

async function close(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    const quit = client.quit().then(
      () => true,
      () => false,
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(resolve, QUIT_TIMEOUT_MS, false);
    });
    const quitted = await Promise.race([quit, timeout]);
    clearTimeout(timer);
    if (quitted) return;
  }
  client.disconnect(); // flushes whatever is queued with "Connection is closed"
}
