import { type VerifiedToken, VerifiedTokenCache } from './verified-token-cache';

const verified = (sub: string): VerifiedToken => ({ header: { alg: 'HS256' }, payload: { sub } });

describe(VerifiedTokenCache.name, () => {
  it('should answer a token until its exp, and never at or after it', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('a', verified('1'), 10_000);
    expect(cache.get('a', 9_999)).toEqual(verified('1'));
    expect(cache.get('a', 10_000)).toBeUndefined();
    // An expired entry is dropped, not kept around for a clock that goes back.
    expect(cache.get('a', 5_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('should know only the exact token string it was given', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('header.payload.signature', verified('1'), 10_000);
    expect(cache.get('header.payload.signaturX', 0)).toBeUndefined();
    expect(cache.get('header.payload.', 0)).toBeUndefined();
  });

  it('should drop its oldest entry when full, and keep the newest', () => {
    const cache = new VerifiedTokenCache(2);
    cache.set('a', verified('1'), 10_000);
    cache.set('b', verified('2'), 10_000);
    cache.set('c', verified('3'), 10_000);
    expect(cache.size).toBe(2);
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('b', 0)).toEqual(verified('2'));
    expect(cache.get('c', 0)).toEqual(verified('3'));
    // Setting a token it holds again replaces it without evicting another.
    cache.set('c', verified('3'), 20_000);
    expect(cache.size).toBe(2);
    expect(cache.get('b', 0)).toEqual(verified('2'));
  });
});
