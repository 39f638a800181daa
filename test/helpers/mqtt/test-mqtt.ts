import { describeWith } from '../describe-with';

/** Debian's Mosquitto for the process-level fleet test (scripts/test.sh checks it and exports these). */
export const TEST_MQTT_URL = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

export function mqttUnavailableReason(): string | undefined {
  if (process.env.RMC_MQTT_AVAILABLE === '1') return undefined;
  return (
    process.env.RMC_MQTT_SKIP_REASON ??
    'RMC_MQTT_AVAILABLE is not set (run scripts/test.sh, or set TEST_MQTT_URL and RMC_MQTT_AVAILABLE=1)'
  );
}

/**
 * `describe` for suites that need the machine's MQTT broker: skipped with the reason when it is
 * not there, except under CI, where that is a failing test (a green run must have used it).
 */
export function describeWithMosquitto(name: string, suite: () => void): void {
  describeWith('an MQTT broker (Mosquitto)', mqttUnavailableReason(), name, suite);
}
