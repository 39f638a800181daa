import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ArduinoEnv } from './env/arduino.env';
import { AssistantEnv } from './env/assistant.env';
import { AuthEnv } from './env/auth.env';
import { DatabaseEnv } from './env/database.env';
import { FleetMqttEnv } from './env/fleet-mqtt.env';
import { jwtSecretWeakness } from './env/jwt-secret';
import { RateLimitEnv } from './env/rate-limit.env';
import { RealtimeEnv } from './env/realtime.env';
import { RoverEnv } from './env/rover.env';
import { NodeEnv, ServerEnv } from './env/server.env';
import { TelemetryEnv } from './env/telemetry.env';

export { jwtSecretWeakness } from './env/jwt-secret';
export { type LogLevel, NodeEnv } from './env/server.env';

class NoVariables {}

/**
 * Every environment variable the service reads, with its bounds, one group per concern (./env/).
 * Validated once at boot: a bad value stops the process with a message naming the variable, before
 * anything listens or touches the rover.
 */
export class EnvironmentVariables extends FleetMqttEnv(
  ArduinoEnv(
    AssistantEnv(
      TelemetryEnv(
        RoverEnv(RealtimeEnv(DatabaseEnv(RateLimitEnv(AuthEnv(ServerEnv(NoVariables)))))),
      ),
    ),
  ),
) {}

export class EnvValidationError extends Error {}

/** Parses and validates raw environment strings; throws one error that lists every bad variable. */
export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const known = Object.keys(new EnvironmentVariables());
  const picked: Record<string, unknown> = {};
  for (const key of [
    ...known,
    'JWT_SECRET',
    'ADMIN_PASSWORD',
    'DATABASE_URL',
    'REDIS_URL',
    'METRICS_TOKEN',
    'ANTHROPIC_API_KEY',
    'CLAUDE_API_KEY',
    'ANTHROPIC_BASE_URL',
    'ARDUINO_EXTRA_PORTS',
    'FLEET_MQTT_URL',
    'FLEET_MQTT_USERNAME',
    'FLEET_MQTT_PASSWORD',
    'FLEET_MQTT_CA_FILE',
    'FLEET_MQTT_CERT_FILE',
    'FLEET_MQTT_KEY_FILE',
    'FLEET_MQTT_CLIENT_ID',
  ]) {
    if (raw[key] !== undefined) picked[key] = raw[key];
  }
  const env = plainToInstance(EnvironmentVariables, picked, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  const problems = errors.map(
    (e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ') || 'invalid value'}`,
  );

  if (env.JWT_SECRET !== undefined && Buffer.byteLength(env.JWT_SECRET) < 32) {
    problems.push('JWT_SECRET: must be at least 32 bytes');
  }
  if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
  if (env.NODE_ENV === NodeEnv.Production && env.JWT_SECRET === undefined) {
    problems.push('JWT_SECRET: is required when NODE_ENV=production (at least 32 bytes)');
  }
  const weakness =
    env.NODE_ENV === NodeEnv.Production && env.JWT_SECRET !== undefined
      ? jwtSecretWeakness(env.JWT_SECRET)
      : undefined;
  if (weakness !== undefined) {
    problems.push(
      `JWT_SECRET: is too predictable for production (${weakness}); generate one, e.g. \`openssl rand -base64 48\``,
    );
  }
  if (problems.length > 0) {
    throw new EnvValidationError(
      `Invalid environment configuration:\n  - ${problems.join('\n  - ')}`,
    );
  }
  return env;
}
