/** VDA 5050 topics: `<interfaceName>/<majorVersion>/<manufacturer>/<serialNumber>/<subtopic>`. */
export interface TopicLayout {
  interfaceName: string;
  majorVersion: string;
}

export interface VehicleTopic {
  manufacturer: string;
  serialNumber: string;
  subtopic: string;
}

/** The standard's characters for a serial number (section 6.5.2). */
const SERIAL_NUMBER = /^[A-Za-z0-9_.:-]{1,128}$/;
// Manufacturer names are free text in the standard; in a topic they cannot hold `/`, `+` or `#`.
// eslint-disable-next-line no-control-regex
const MANUFACTURER = /^[^/+#\u0000-\u001f\u007f]{1,128}$/;

export function parseVehicleTopic(layout: TopicLayout, topic: string): VehicleTopic | null {
  const parts = topic.split('/');
  if (parts.length !== 5) return null;
  const [interfaceName, majorVersion, manufacturer, serialNumber, subtopic] = parts;
  if (interfaceName !== layout.interfaceName || majorVersion !== layout.majorVersion) return null;
  if (!MANUFACTURER.test(manufacturer) || !SERIAL_NUMBER.test(serialNumber)) return null;
  return { manufacturer, serialNumber, subtopic };
}

export function vehicleTopic(
  layout: TopicLayout,
  vehicle: { manufacturer: string; serialNumber: string },
  subtopic: 'state' | 'connection' | 'instantActions',
): string {
  return `${layout.interfaceName}/${layout.majorVersion}/${vehicle.manufacturer}/${vehicle.serialNumber}/${subtopic}`;
}

/** What the master listens to: every vehicle's `state` and `connection`, with the standard's QoS. */
export function subscriptions(layout: TopicLayout): Record<string, { qos: 0 | 1 }> {
  const prefix = `${layout.interfaceName}/${layout.majorVersion}/+/+`;
  return { [`${prefix}/state`]: { qos: 0 }, [`${prefix}/connection`]: { qos: 1 } };
}
