import { RecordCache } from './record-cache';

describe('RecordCache', () => {
  let now = 0;
  const cache = () => new RecordCache<{ v: number }>(2000, 3, () => now);
  beforeEach(() => {
    now = 1_000;
  });

  it('should load once and serve the same object until the row changes', async () => {
    const c = cache();
    const load = jest.fn().mockResolvedValue({ v: 1 });
    const first = await c.get('a', load);
    expect(await c.get('a', load)).toBe(first);
    expect(load).toHaveBeenCalledTimes(1);

    c.drop('a');
    load.mockResolvedValue({ v: 2 });
    expect(await c.get('a', load)).toEqual({ v: 2 });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('should reload once the entry is ttl old, even without news of a change', async () => {
    const c = cache();
    const load = jest.fn().mockResolvedValueOnce({ v: 1 }).mockResolvedValueOnce({ v: 2 });
    await c.get('a', load);
    now += 1999;
    expect(await c.get('a', load)).toEqual({ v: 1 });
    now += 1;
    expect(await c.get('a', load)).toEqual({ v: 2 });
  });

  it('should not store a read that a change overtook', async () => {
    const c = cache();
    let release!: (value: { v: number }) => void;
    const slow = c.get('a', () => new Promise((resolve) => (release = resolve)));
    c.drop('a'); // the row changed while the read was in flight: what it read may be the old row
    release({ v: 1 });
    expect(await slow).toEqual({ v: 1 });
    const load = jest.fn().mockResolvedValue({ v: 2 });
    expect(await c.get('a', load)).toEqual({ v: 2 });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('should store nothing for a read that fails (a missing row)', async () => {
    const c = cache();
    await expect(c.get('a', () => Promise.reject(new Error('not found')))).rejects.toThrow();
    expect(c.size).toBe(0);
  });

  it('should hand out a frozen copy, nested values too, so that no caller can change it for the next', async () => {
    const c = new RecordCache<{ v: number; list: { x: number }[] }>(2000, 3, () => now);
    const value = await c.get('a', () => Promise.resolve({ v: 1, list: [{ x: 1 }] }));
    expect(() => {
      (value as { v: number }).v = 2;
    }).toThrow(TypeError);
    expect(() => value.list.push({ x: 2 })).toThrow(TypeError);
    expect(() => {
      value.list[0].x = 3;
    }).toThrow(TypeError);
    expect(await c.get('a', () => Promise.reject(new Error('not read again')))).toEqual({
      v: 1,
      list: [{ x: 1 }],
    });
  });

  it('should stay within its bound', async () => {
    const c = cache();
    for (const id of ['a', 'b', 'c', 'd', 'e']) await c.get(id, () => Promise.resolve({ v: 0 }));
    expect(c.size).toBeLessThanOrEqual(3);
  });
});
