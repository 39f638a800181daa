/**
 * Copies of the answers to GET of a catalogue record, by id: a hot read (a console polling a
 * module, a robot client fetching its route) costs no query, no hydration and no mapping. Each
 * entry is dropped by a change of its row (CatalogChanges: on this instance at once, on another
 * over Redis before the writer answers) and expires after `ttlMs` whatever happens, so a change
 * announcement lost while Redis was away is stale for at most that long.
 */
export class RecordCache<Value> {
  private readonly entries = new Map<string, { value: Value; expiresAtMs: number }>();
  /** Bumped by every change: a read that a change overtook must not store the row it read. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly nowMs: () => number,
  ) {}

  async get(id: string, load: () => Promise<Value>): Promise<Value> {
    const hit = this.entries.get(id);
    if (hit !== undefined && hit.expiresAtMs > this.nowMs()) return hit.value;
    const generation = this.generation;
    const value = await load(); // a missing row throws: nothing is stored for it
    if (generation === this.generation) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      // Every later hit hands out this same object: frozen, a caller that changed it would throw
      // rather than change the answer other requests get.
      this.entries.set(id, { value: deepFreeze(value), expiresAtMs: this.nowMs() + this.ttlMs });
    }
    return value;
  }

  /** A row changed (or went): its copy goes, and reads in flight do not store theirs. */
  drop(id: string): void {
    this.generation++;
    this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
