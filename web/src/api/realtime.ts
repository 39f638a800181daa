import { io, type Socket } from 'socket.io-client';
import type { Channel } from '../../../src/realtime/telemetry/channels';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
} from '../../../src/realtime/telemetry/events';
import { session } from './http';

/** The gateway's event map, as socket.io-client wants it (event -> listener with its ack). */
type ClientEmits = {
  [E in keyof ClientToServerEvents]: (
    payload: ClientToServerEvents[E]['payload'],
    ack: (answer: ClientToServerEvents[E]['ack']) => void,
  ) => void;
};

export type TelemetrySocket = Socket<ServerToClientEvents, ClientEmits>;

const CHANNELS: Channel[] = ['telemetry', 'alerts', 'status', 'fleet', 'commands'];

/**
 * The page's one socket on `/telemetry`. The token goes in the handshake's auth (never the URL);
 * a refused handshake after the token expired refreshes once and reconnects.
 */
export function connectRealtime(): TelemetrySocket {
  const socket: TelemetrySocket = io('/telemetry', {
    transports: ['websocket'],
    auth: (cb) => cb({ token: session.accessToken ?? '' }),
  });
  socket.on('connect', () => {
    void socket
      .timeout(5000)
      .emitWithAck('subscribe', { channels: CHANNELS })
      .catch(() => undefined);
  });
  socket.on('connect_error', () => {
    void session.refresh().then((ok) => {
      if (ok) socket.connect();
    });
  });
  socket.on('disconnect', (reason) => {
    // The server ends a socket whose token expired: come back with a fresh one.
    if (reason === 'io server disconnect') {
      void session.refresh().then((ok) => {
        if (ok) socket.connect();
      });
    }
  });
  (window as unknown as { __rmc: { socket: TelemetrySocket } }).__rmc = { socket };
  return socket;
}
