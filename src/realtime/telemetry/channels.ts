/**
 * The channels of the `/telemetry` namespace (API.md §5). A client joins a channel's room by
 * subscribing; the server emits each channel's messages as an event of the channel's name, except
 * `robot:<id>`, whose event is `robot`.
 */
export const FIXED_CHANNELS = [
  'telemetry',
  'alerts',
  'status',
  'fleet',
  'commands',
  'jobs',
] as const;
export type FixedChannel = (typeof FIXED_CHANNELS)[number];
export type RobotChannel = `robot:${string}`;
export type Channel = FixedChannel | RobotChannel;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
/** What `subscribe` and `unsubscribe` accept, checked before anything joins a room. */
export const CHANNEL_PATTERN = new RegExp(`^(?:${FIXED_CHANNELS.join('|')}|robot:${UUID})$`);

/** At most this many channels in one request (there are six fixed ones, plus robots). */
export const MAX_CHANNELS_PER_REQUEST = 50;

export function isRobotChannel(channel: Channel): channel is RobotChannel {
  return channel.startsWith('robot:');
}

/** The event a channel's messages are emitted as. */
export function eventOf(channel: Channel): FixedChannel | 'robot' {
  return isRobotChannel(channel) ? 'robot' : channel;
}
