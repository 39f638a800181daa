/**
 * The samples waiting for storage: a fixed-capacity ring, oldest first. When storage falls behind,
 * the oldest are dropped to make room (the caller counts them): recent telemetry is worth more
 * than old, and memory stays bounded whatever the database does.
 */
export class SampleBuffer<T> {
  private readonly slots: (T | undefined)[];
  private head = 0;
  private length = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be >= 1');
    this.slots = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.length;
  }

  /** Appends one item; returns how many of the oldest were dropped for it (0 or 1). */
  push(item: T): number {
    const tail = (this.head + this.length) % this.capacity;
    this.slots[tail] = item;
    if (this.length < this.capacity) {
      this.length++;
      return 0;
    }
    this.head = (this.head + 1) % this.capacity;
    return 1;
  }

  /** Removes and returns up to `count` of the oldest items, oldest first. */
  take(count: number): T[] {
    const taken = Math.min(count, this.length);
    const items = new Array<T>(taken);
    for (let i = 0; i < taken; i++) {
      const slot = (this.head + i) % this.capacity;
      items[i] = this.slots[slot] as T;
      this.slots[slot] = undefined;
    }
    this.head = (this.head + taken) % this.capacity;
    this.length -= taken;
    return items;
  }

  /**
   * Puts taken items back in front (they are older than anything buffered since), as many as
   * there is room for; the oldest of them are dropped first. Returns how many were dropped.
   */
  restore(items: readonly T[]): number {
    const kept = Math.min(items.length, this.capacity - this.length);
    const dropped = items.length - kept;
    for (let i = items.length - 1; i >= dropped; i--) {
      this.head = (this.head - 1 + this.capacity) % this.capacity;
      this.slots[this.head] = items[i];
      this.length++;
    }
    return dropped;
  }
}
