import type { Namespace } from 'socket.io';

/**
 * How many sockets one turn of the event loop writes a telemetry frame to. Each write is a
 * syscall: 500 sockets in one go held the loop about 5 ms at every frame, and a control command or
 * an e-stop arriving then waited behind it. A turn of 100 keeps that wait near a millisecond.
 */
export const SOCKETS_PER_TURN = 100;

/**
 * Called once a slice: `dropped` counts sockets whose transport was still busy with earlier
 * frames, which a volatile frame skips.
 */
export type CountDeliveries = (sent: number, dropped: number) => void;

/**
 * A volatile room broadcast in slices, with the event loop free between them. The room's sockets
 * on this instance are read once, when the frame goes out; each slice is a `local` emit to their
 * ids, so frames reach each socket in order. Other instances (the Redis adapter) get one emit to
 * the room that leaves out this instance's sockets, which are all in `instanceRoom`.
 */
export class ChunkedBroadcast {
  constructor(
    private readonly instanceRoom: string,
    private readonly otherInstances: boolean,
  ) {}

  volatile(
    namespace: Namespace,
    room: string,
    event: string,
    message: object,
    count: CountDeliveries,
  ): void {
    if (this.otherInstances)
      namespace.to(room).except(this.instanceRoom).volatile.emit(event, message);
    const members = namespace.adapter.rooms.get(room);
    if (!members || members.size === 0) return;
    this.slice(namespace, [...members], 0, event, message, count);
  }

  private slice(
    namespace: Namespace,
    ids: string[],
    from: number,
    event: string,
    message: object,
    count: CountDeliveries,
  ): void {
    const slice = ids.slice(from, from + SOCKETS_PER_TURN);
    let sent = 0;
    let dropped = 0;
    for (const id of slice) {
      const socket = namespace.sockets.get(id);
      if (!socket) continue;
      if (socket.conn.transport.writable) sent++;
      else dropped++;
    }
    namespace.local.to(slice).volatile.emit(event, message);
    count(sent, dropped);
    const next = from + SOCKETS_PER_TURN;
    if (next < ids.length)
      setImmediate(() => this.slice(namespace, ids, next, event, message, count));
  }
}
