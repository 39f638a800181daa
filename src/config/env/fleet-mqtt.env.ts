import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { emptyToUndefined, type EnvBase, EnvInt, toBool } from './env-fields';

/** Robots over MQTT, speaking VDA 5050 2.x (API.md §6). Unset FLEET_MQTT_URL: no MQTT at all. */
export function FleetMqttEnv<TBase extends EnvBase>(Base: TBase) {
  class FleetMqttEnv extends Base {
    /** May carry credentials (mqtt://user:pass@host): read, never logged as given. */
    @Transform(emptyToUndefined)
    @IsOptional()
    @Matches(/^(mqtts?|wss?):\/\/\S+$/, {
      message: 'FLEET_MQTT_URL must be an mqtt://, mqtts://, ws:// or wss:// URL',
    })
    FLEET_MQTT_URL?: string;

    @Transform(emptyToUndefined)
    @IsOptional()
    @IsString()
    @MaxLength(256)
    FLEET_MQTT_USERNAME?: string;

    /** Secret. */
    @Transform(emptyToUndefined)
    @IsOptional()
    @IsString()
    @MaxLength(1024)
    FLEET_MQTT_PASSWORD?: string;

    /** PEM files for TLS (mqtts:// or wss://): a CA to trust, and a client certificate and key. */
    @Transform(emptyToUndefined)
    @IsOptional()
    @Matches(/^\/\S+$/, { message: 'FLEET_MQTT_CA_FILE must be an absolute path' })
    FLEET_MQTT_CA_FILE?: string;

    @Transform(emptyToUndefined)
    @IsOptional()
    @Matches(/^\/\S+$/, { message: 'FLEET_MQTT_CERT_FILE must be an absolute path' })
    FLEET_MQTT_CERT_FILE?: string;

    @Transform(emptyToUndefined)
    @IsOptional()
    @Matches(/^\/\S+$/, { message: 'FLEET_MQTT_KEY_FILE must be an absolute path' })
    FLEET_MQTT_KEY_FILE?: string;

    /** Only for a broker with a self-signed certificate on a closed network. */
    @Transform(toBool)
    @IsBoolean()
    FLEET_MQTT_TLS_VERIFY = true;

    /** The first topic level (the standard's example is `uagv`). */
    @Matches(/^[A-Za-z0-9_.-]{1,64}$/, {
      message: 'FLEET_MQTT_INTERFACE must be letters, digits, _ . or - (at most 64)',
    })
    FLEET_MQTT_INTERFACE = 'uagv';

    /** Defaults to rmc-<host>-<pid>-<random>: two instances must not share one (the broker drops one). */
    @Transform(emptyToUndefined)
    @IsOptional()
    @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, {
      message: 'FLEET_MQTT_CLIENT_ID must be letters, digits, _ . : or - (at most 64)',
    })
    FLEET_MQTT_CLIENT_ID?: string;

    /** A vehicle without a `state` for this long is stale (the standard asks for one every 30 s). */
    @EnvInt(1000, 3_600_000) FLEET_MQTT_STALE_MS = 30_000;
    /** How long a stop waits for the vehicle to report the stopPause FINISHED or FAILED. */
    @EnvInt(100, 60_000) FLEET_MQTT_STOP_TIMEOUT_MS = 3000;
    @EnvInt(1, 100_000) FLEET_MQTT_MAX_ROBOTS = 5000;
    /** A message above this is dropped unread. */
    @EnvInt(1024, 16 * 1024 * 1024) FLEET_MQTT_MAX_MESSAGE_BYTES = 256 * 1024;
  }
  return FleetMqttEnv;
}
