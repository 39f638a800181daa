import { SampleBuffer } from './sample-buffer';

describe(SampleBuffer.name, () => {
  it('should give items back oldest first', () => {
    const buffer = new SampleBuffer<number>(4);
    [1, 2, 3].forEach((n) => buffer.push(n));
    expect(buffer.take(2)).toEqual([1, 2]);
    buffer.push(4);
    buffer.push(5);
    expect(buffer.size).toBe(3);
    expect(buffer.take(10)).toEqual([3, 4, 5]);
    expect(buffer.size).toBe(0);
  });

  it('should drop the oldest item when full and report it', () => {
    const buffer = new SampleBuffer<number>(3);
    expect([1, 2, 3].map((n) => buffer.push(n))).toEqual([0, 0, 0]);
    expect(buffer.push(4)).toBe(1);
    expect(buffer.push(5)).toBe(1);
    expect(buffer.size).toBe(3);
    expect(buffer.take(3)).toEqual([3, 4, 5]);
  });

  it('should put restored items back in front of newer ones', () => {
    const buffer = new SampleBuffer<number>(5);
    [1, 2, 3].forEach((n) => buffer.push(n));
    const batch = buffer.take(2);
    buffer.push(4);
    expect(buffer.restore(batch)).toBe(0);
    expect(buffer.take(5)).toEqual([1, 2, 3, 4]);
  });

  it('should drop the oldest restored items when there is not room for all of them', () => {
    const buffer = new SampleBuffer<number>(4);
    [1, 2, 3, 4].forEach((n) => buffer.push(n));
    const batch = buffer.take(3);
    buffer.push(5);
    buffer.push(6);
    expect(buffer.restore(batch)).toBe(2);
    expect(buffer.take(4)).toEqual([3, 4, 5, 6]);
  });

  it('should wrap around its end without losing order', () => {
    const buffer = new SampleBuffer<number>(3);
    const taken: number[] = [];
    let dropped = 0;
    for (let n = 1; n <= 10; n++) {
      dropped += buffer.push(n);
      if (n % 2 === 0) taken.push(...buffer.take(1));
    }
    expect(taken).toEqual([1, 2, 4, 6, 8]);
    expect(dropped).toBe(3); // 3, 5 and 7, each the oldest when a push found the ring full
    expect(buffer.take(3)).toEqual([9, 10]);
  });

  it('should refuse a capacity below one', () => {
    expect(() => new SampleBuffer(0)).toThrow(RangeError);
  });
});
