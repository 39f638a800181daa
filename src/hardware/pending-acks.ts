import type { Clock } from '../common/clock/clock';
import { ackTimeout } from './hardware-errors';
import { MAX_SEQ } from './protocol/frames';

export interface Acknowledged {
  seq: number;
  sentAt: Date;
  ackedAt: Date;
}

interface Pending {
  sentAt: Date;
  resolve: (ack: Acknowledged) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The link's sequence numbers and the commands waiting for the rover's answer to theirs. A command
 * settles exactly once: on its ACK, its NAK, its timeout or the link going down; a late answer
 * finds nothing waiting and changes nothing.
 */
export class PendingAcks {
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly clock: Clock) {}

  /** A new sequence number and the promise of its ACK, rejected after `timeoutMs` without one. */
  open(timeoutMs: number): { seq: number; sentAt: Date; acknowledged: Promise<Acknowledged> } {
    this.seq = this.seq >= MAX_SEQ ? 0 : this.seq + 1;
    const seq = this.seq;
    const sentAt = this.clock.now();
    const acknowledged = new Promise<Acknowledged>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(ackTimeout(timeoutMs));
      }, timeoutMs);
      this.pending.set(seq, { sentAt, resolve, reject, timer });
    });
    return { seq, sentAt, acknowledged };
  }

  acknowledge(seq: number): void {
    this.settle(seq, (p) => p.resolve({ seq, sentAt: p.sentAt, ackedAt: this.clock.now() }));
  }

  reject(seq: number, error: Error): void {
    this.settle(seq, (p) => p.reject(error));
  }

  rejectAll(error: Error): void {
    for (const seq of [...this.pending.keys()]) this.reject(seq, error);
  }

  private settle(seq: number, action: (pending: Pending) => void): void {
    const pending = this.pending.get(seq);
    if (!pending) return; // late or unknown: the waiter already gave up
    this.pending.delete(seq);
    clearTimeout(pending.timer);
    action(pending);
  }
}
