import type { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisFallback } from './redis-fallback';

describe(RedisFallback.name, () => {
  let client: { status: string };
  let logger: { warn: jest.Mock; log: jest.Mock };
  let fallback: RedisFallback;
  const local = () => 'local';

  beforeEach(() => {
    jest.useFakeTimers();
    client = { status: 'ready' };
    logger = { warn: jest.fn(), log: jest.fn() };
    fallback = new RedisFallback(client as Redis, 'Rate limits', logger as unknown as Logger);
  });
  afterEach(() => jest.useRealTimers());

  it('should answer from Redis while it answers', async () => {
    await expect(fallback.run(() => Promise.resolve('shared'), local)).resolves.toBe('shared');
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('should not even try Redis while the connection is not ready', async () => {
    client.status = 'reconnecting';
    const shared = jest.fn(() => Promise.resolve('shared'));
    await expect(fallback.run(shared, local)).resolves.toBe('local');
    expect(shared).not.toHaveBeenCalled();
  });

  it('should answer locally when Redis fails, and leave Redis alone for a second after', async () => {
    const failing = jest.fn(() => Promise.reject(new Error('Command timed out')));
    await expect(fallback.run(failing, local)).resolves.toBe('local');
    const shared = jest.fn(() => Promise.resolve('shared'));
    await expect(fallback.run(shared, local)).resolves.toBe('local');
    expect(shared).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1000);
    await expect(fallback.run(shared, local)).resolves.toBe('shared');
  });

  it('should warn once when it falls back and say once when Redis is used again', async () => {
    client.status = 'reconnecting';
    for (let i = 0; i < 5; i++) await fallback.run(() => Promise.resolve('shared'), local);
    client.status = 'ready';
    for (let i = 0; i < 5; i++) await fallback.run(() => Promise.resolve('shared'), local);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(/^Rate limits are counted by this instance alone/);
    expect(logger.log).toHaveBeenCalledTimes(1);
    expect(logger.log.mock.calls[0][0]).toBe('Rate limits are shared in Redis again');
  });
});
