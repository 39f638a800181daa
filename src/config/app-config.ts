import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { type EnvironmentVariables, type LogLevel, NodeEnv } from './env.schema';

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

export interface AuthConfig {
  readonly jwtSecret: string;
  /** True when no JWT_SECRET was given and one was generated for this process only. */
  readonly jwtSecretGenerated: boolean;
  readonly issuer: string;
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly adminPassword?: string;
}

export interface HttpConfig {
  readonly host: string;
  readonly port: number;
  readonly corsOrigins: readonly string[];
  readonly trustProxy: boolean;
  readonly bodyLimitBytes: number;
  readonly maxJsonDepth: number;
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
}

export interface StorageConfig {
  /** How long a write waits for a lock another process holds before it fails as storage_busy. */
  readonly busyTimeoutMs: number;
}

export interface RealtimeConfig {
  readonly maxSocketsPerUser: number;
}

export interface RoverConfig {
  /** `sim` or a device path. */
  readonly serialPort: string;
  readonly serialBaud: number;
  readonly deadmanTimeoutMs: number;
  readonly commandAckTimeoutMs: number;
}

export interface FleetConfig {
  /** Whether the built-in simulated robots join the fleet. */
  readonly simulation: boolean;
  readonly size: number;
  /** The default of the runtime setting `fleetUpdateIntervalMs`. */
  readonly updateIntervalMs: number;
  /** Robots over MQTT (VDA 5050); absent without FLEET_MQTT_URL. */
  readonly mqtt?: FleetMqttConfig;
}

export interface FleetMqttConfig {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly tlsVerify: boolean;
  readonly interfaceName: string;
  readonly majorVersion: 'v2';
  readonly clientId?: string;
  readonly staleMs: number;
  readonly stopTimeoutMs: number;
  readonly maxRobots: number;
  readonly maxMessageBytes: number;
}

export interface TelemetryConfig {
  /** Stored samples older than this are deleted. */
  readonly retentionMs: number;
}

export interface ThrottleConfig {
  readonly limit: number;
  readonly ttlMs: number;
  /** Attempts per IP and username (every attempt counts). */
  readonly loginLimit: number;
  readonly loginTtlMs: number;
  /** Failed attempts per username from any address, and per address across usernames, per loginTtlMs. */
  readonly loginUserFailureLimit: number;
  readonly loginIpFailureLimit: number;
  readonly metricsLimit: number;
  readonly metricsTtlMs: number;
  /** API.md §3: 10 control requests a second per user. */
  readonly controlLimit: number;
  readonly controlTtlMs: number;
  /** AI_CHAT_RATE_LIMIT chat requests per user per minute. */
  readonly assistantLimit: number;
  readonly assistantTtlMs: number;
}

export interface ArduinoConfig {
  /** Absolute. */
  readonly workDir: string;
  readonly compileTimeoutMs: number;
  readonly uploadTimeoutMs: number;
  readonly maxRunningJobs: number;
  readonly maxQueuedJobs: number;
  readonly artifactTtlMs: number;
  readonly extraPorts: readonly string[];
}

export interface AssistantConfig {
  /** ANTHROPIC_API_KEY, else CLAUDE_API_KEY; undefined means the offline assistant. */
  readonly apiKey?: string;
  readonly baseUrl?: string;
  readonly model: string;
  readonly timeoutMs: number;
  readonly maxDurationMs: number;
  readonly maxRetries: number;
  readonly maxTokens: number;
}

/**
 * The typed, validated configuration. It is the only way the rest of the code learns about its
 * environment; tests build one from an explicit object instead of touching process.env.
 */
export class AppConfig {
  readonly nodeEnv: NodeEnv;
  readonly logLevel: LogLevel;
  readonly http: HttpConfig;
  readonly auth: AuthConfig;
  readonly database: DatabaseConfig;
  readonly storage: StorageConfig;
  readonly realtime: RealtimeConfig;
  readonly throttle: ThrottleConfig;
  readonly rover: RoverConfig;
  readonly fleet: FleetConfig;
  readonly telemetry: TelemetryConfig;
  readonly assistant: AssistantConfig;
  readonly arduino: ArduinoConfig;
  readonly metricsToken?: string;
  readonly redisUrl?: string;

  constructor(env: EnvironmentVariables) {
    this.nodeEnv = env.NODE_ENV;
    this.logLevel = env.LOG_LEVEL;
    this.http = {
      host: env.HOST,
      port: env.PORT,
      corsOrigins: env.CORS_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter((o) => o.length > 0),
      trustProxy: env.TRUST_PROXY,
      bodyLimitBytes: 1024 * 1024,
      maxJsonDepth: 32,
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    };
    this.auth = {
      jwtSecret: env.JWT_SECRET ?? randomBytes(48).toString('base64url'),
      jwtSecretGenerated: env.JWT_SECRET === undefined,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_EXPIRE_MINUTES * 60,
      refreshTokenTtlSeconds: env.REFRESH_TOKEN_EXPIRE_DAYS * 24 * 3600,
      adminPassword: env.ADMIN_PASSWORD,
    };
    this.database = env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL }
      : { kind: 'sqlite', path: resolve(env.DATABASE_PATH) };
    this.storage = { busyTimeoutMs: env.DATABASE_BUSY_TIMEOUT_MS };
    this.realtime = { maxSocketsPerUser: env.SOCKET_MAX_PER_USER };
    this.throttle = {
      limit: env.THROTTLE_LIMIT,
      ttlMs: env.THROTTLE_TTL_MS,
      loginLimit: env.LOGIN_THROTTLE_LIMIT,
      loginTtlMs: 60_000,
      loginUserFailureLimit: env.LOGIN_USER_THROTTLE_LIMIT,
      loginIpFailureLimit: env.LOGIN_IP_THROTTLE_LIMIT,
      metricsLimit: env.METRICS_THROTTLE_LIMIT,
      metricsTtlMs: 60_000,
      controlLimit: 10,
      controlTtlMs: 1000,
      assistantLimit: env.AI_CHAT_RATE_LIMIT,
      assistantTtlMs: 60_000,
    };
    this.rover = {
      serialPort: env.SERIAL_PORT,
      serialBaud: env.SERIAL_BAUD,
      deadmanTimeoutMs: env.DEADMAN_TIMEOUT_MS,
      commandAckTimeoutMs: env.COMMAND_ACK_TIMEOUT_MS,
    };
    this.fleet = {
      simulation: env.FLEET_SIMULATION,
      size: env.FLEET_SIZE,
      updateIntervalMs: env.FLEET_UPDATE_INTERVAL_MS,
      mqtt: env.FLEET_MQTT_URL
        ? {
            url: env.FLEET_MQTT_URL,
            username: env.FLEET_MQTT_USERNAME,
            password: env.FLEET_MQTT_PASSWORD,
            caFile: env.FLEET_MQTT_CA_FILE,
            certFile: env.FLEET_MQTT_CERT_FILE,
            keyFile: env.FLEET_MQTT_KEY_FILE,
            tlsVerify: env.FLEET_MQTT_TLS_VERIFY,
            interfaceName: env.FLEET_MQTT_INTERFACE,
            majorVersion: 'v2',
            clientId: env.FLEET_MQTT_CLIENT_ID,
            staleMs: env.FLEET_MQTT_STALE_MS,
            stopTimeoutMs: env.FLEET_MQTT_STOP_TIMEOUT_MS,
            maxRobots: env.FLEET_MQTT_MAX_ROBOTS,
            maxMessageBytes: env.FLEET_MQTT_MAX_MESSAGE_BYTES,
          }
        : undefined,
    };
    this.telemetry = { retentionMs: env.TELEMETRY_RETENTION_HOURS * 3_600_000 };
    this.assistant = {
      apiKey: env.ANTHROPIC_API_KEY ?? env.CLAUDE_API_KEY,
      baseUrl: env.ANTHROPIC_BASE_URL,
      model: env.ANTHROPIC_MODEL,
      timeoutMs: env.AI_TIMEOUT_MS,
      maxDurationMs: env.AI_MAX_DURATION_MS,
      maxRetries: env.AI_MAX_RETRIES,
      maxTokens: env.AI_MAX_TOKENS,
    };
    this.arduino = {
      workDir: resolve(env.ARDUINO_WORK_DIR),
      compileTimeoutMs: env.ARDUINO_COMPILE_TIMEOUT_MS,
      uploadTimeoutMs: env.ARDUINO_UPLOAD_TIMEOUT_MS,
      maxRunningJobs: env.ARDUINO_MAX_RUNNING_JOBS,
      maxQueuedJobs: env.ARDUINO_MAX_QUEUED_JOBS,
      artifactTtlMs: env.ARDUINO_ARTIFACT_TTL_MS,
      extraPorts: (env.ARDUINO_EXTRA_PORTS ?? '').split(',').filter((p) => p.length > 0),
    };
    this.metricsToken = env.METRICS_TOKEN;
    this.redisUrl = env.REDIS_URL;
  }

  get isProduction(): boolean {
    return this.nodeEnv === NodeEnv.Production;
  }
}
