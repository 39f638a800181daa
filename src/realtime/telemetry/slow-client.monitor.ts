import type { Namespace, Socket } from 'socket.io';

/** Packets queued in engine.io for one socket (not yet handed to its transport). */
const MAX_QUEUED_PACKETS = 1000;
/** Bytes a websocket has accepted from us but not yet written to the kernel. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

interface EngineSocketInternals {
  writeBuffer?: unknown[];
  transport?: { socket?: { bufferedAmount?: number } };
}

/**
 * A client that stops reading must not grow the server's memory without bound: what socket.io
 * cannot send it queues per socket. Past these limits the socket is disconnected and counted (it
 * may reconnect and start from a snapshot); everyone else is unaffected.
 */
export function disconnectStalledSockets(namespace: Namespace, onDisconnect: () => void): void {
  for (const socket of namespace.sockets.values()) {
    if (isStalled(socket)) {
      onDisconnect();
      socket.disconnect(true);
    }
  }
}

export function isStalled(socket: Socket): boolean {
  const { queued, buffered } = socketBacklog(socket);
  return queued > MAX_QUEUED_PACKETS || buffered > MAX_BUFFERED_BYTES;
}

/** What socket.io holds for one socket: packets not yet handed over, bytes not yet written. */
export function socketBacklog(socket: Socket): { queued: number; buffered: number } {
  const engine = socket.conn as unknown as EngineSocketInternals;
  return {
    queued: engine.writeBuffer?.length ?? 0,
    buffered: engine.transport?.socket?.bufferedAmount ?? 0,
  };
}
