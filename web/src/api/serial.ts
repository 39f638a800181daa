import { io, type Socket } from 'socket.io-client';
import type { MonitorOpenDto, MonitorWriteDto } from '../../../src/arduino/monitor/monitor.dto';
import type { MonitorSink } from '../../../src/arduino/monitor/serial-monitor';
import { type ApiErrorBody, session } from './http';

export type SerialDataMessage = Parameters<MonitorSink['data']>[0];
export type SerialStatusMessage = Parameters<MonitorSink['status']>[0];

/** What the `/serial` gateway emits (src/arduino/monitor/serial.gateway.ts). */
interface SerialServerEvents {
  data: (message: SerialDataMessage) => void;
  status: (message: SerialStatusMessage) => void;
}

export type OpenAck = { type: 'opened'; port: string } | ApiErrorBody;
export type WriteAck = { type: 'written'; bytes: number } | ApiErrorBody;
export type CloseAck = { type: 'closed' } | ApiErrorBody;

/**
 * What a client sends, with the ack each is answered with: its result, or the error envelope.
 * (socket.io-client types `timeout().emitWithAck` as `any`: callers name the ack type above.)
 */
interface SerialClientEvents {
  open: (payload: MonitorOpenDto, ack: (answer: OpenAck) => void) => void;
  write: (payload: MonitorWriteDto, ack: (answer: WriteAck) => void) => void;
  close: (ack: (answer: CloseAck) => void) => void;
}

export type SerialSocket = Socket<SerialServerEvents, SerialClientEvents>;

/** True for an ack that is the service's error envelope rather than a result. */
export function isErrorAck(answer: object): answer is ApiErrorBody {
  return 'statusCode' in answer && 'error' in answer;
}

/**
 * A socket on `/serial`, the serial monitor's own namespace: authenticated at the handshake exactly
 * as `/telemetry` is (the token in its auth, never the URL), refreshed once and reconnected when the
 * token was refused or expired. It is opened only when the monitor is, and closed with the page.
 */
export function connectSerial(): SerialSocket {
  const socket: SerialSocket = io('/serial', {
    transports: ['websocket'],
    auth: (cb) => cb({ token: session.accessToken ?? '' }),
  });
  socket.on('connect_error', (error) => {
    // Only a refused token is worth a refresh; any other refusal (the per-user socket cap, the
    // Origin) would refuse the next try too, so the page shows it instead.
    if ((error as { data?: Partial<ApiErrorBody> }).data?.statusCode !== 401) return;
    void session.refresh().then((ok) => {
      if (ok) socket.connect();
    });
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') {
      void session.refresh().then((ok) => {
        if (ok) socket.connect();
      });
    }
  });
  return socket;
}
