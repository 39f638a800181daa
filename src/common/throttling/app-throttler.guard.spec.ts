import 'reflect-metadata';
import type { ExecutionContext } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/internal';
import { Test } from '@nestjs/testing';
import { SkipThrottle } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config';
import { AppConfigModule } from '../../config/config.module';
import { validateEnv } from '../../config/env.schema';
import { AppError } from '../errors/app-error';
import { AppThrottlerGuard } from './app-throttler.guard';
import { ControlRateLimit } from './control-rate-limit.decorator';
import { ThrottlingModule } from './throttling.module';

class ProbeGateway {
  message(): void {}

  @ControlRateLimit()
  drive(): void {}

  @SkipThrottle({ default: true, control: true, login: true })
  stop(): void {}
}

type Handler = 'message' | 'drive' | 'stop';
type Caller = { userId?: string; address: string };

const socketOf = ({ userId, address }: Caller) => ({
  data: userId ? { user: { id: userId } } : {},
  handshake: { address, headers: {} },
});

function wsContext(caller: Caller, handler: Handler = 'message'): ExecutionContext {
  const ack = () => undefined;
  const host = new ExecutionContextHost(
    // As Nest calls a socket handler: client, data, ack, then the event's pattern.
    [socketOf(caller), { hello: 'rover' }, ack, handler],
    ProbeGateway,
    ProbeGateway.prototype[handler],
  );
  host.setType('ws');
  return host;
}

function httpContext(caller: Caller): ExecutionContext {
  const req = { user: caller.userId ? { id: caller.userId } : undefined, ip: caller.address };
  const res = { header: jest.fn() };
  const host = new ExecutionContextHost(
    [req, res, jest.fn()],
    ProbeGateway,
    ProbeGateway.prototype.message,
  );
  host.setType('http');
  return host;
}

describe(AppThrottlerGuard.name, () => {
  let guard: AppThrottlerGuard;
  let close: () => Promise<void>;

  beforeEach(async () => {
    const config = new AppConfig(validateEnv({ NODE_ENV: 'test', THROTTLE_LIMIT: '12' }));
    const moduleRef = await Test.createTestingModule({
      imports: [AppConfigModule, ThrottlingModule],
      providers: [AppThrottlerGuard],
    })
      .overrideProvider(AppConfig)
      .useValue(config)
      .compile();
    await moduleRef.init();
    guard = moduleRef.get(AppThrottlerGuard);
    close = () => moduleRef.close();
  });
  afterEach(() => close());

  async function admitted(context: () => ExecutionContext, times: number): Promise<number> {
    let count = 0;
    for (let i = 0; i < times; i++) {
      try {
        if (await guard.canActivate(context())) count++;
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('rate_limited');
      }
    }
    return count;
  }

  it('should give each signed-in socket user a budget of their own, whatever the address', async () => {
    const alice = { userId: 'alice', address: '10.0.0.1' };
    expect(await admitted(() => wsContext(alice), 13)).toBe(12);
    expect(await admitted(() => wsContext({ ...alice, address: '10.0.0.9' }), 1)).toBe(0);
    expect(await admitted(() => wsContext({ userId: 'bob', address: '10.0.0.1' }), 1)).toBe(1);
  });

  it('should track a socket without a user by its handshake address', async () => {
    expect(await admitted(() => wsContext({ address: '10.0.0.1' }), 13)).toBe(12);
    expect(await admitted(() => wsContext({ address: '10.0.0.2' }), 1)).toBe(1);
  });

  it("should count a user's socket events and HTTP requests against one budget", async () => {
    const carol = { userId: 'carol', address: '10.0.0.3' };
    expect(await admitted(() => wsContext(carol), 12)).toBe(12);
    expect(await admitted(() => httpContext(carol), 1)).toBe(0);
  });

  it('should apply the control limit to a @ControlRateLimit socket handler and only there', async () => {
    const dave = { userId: 'dave', address: '10.0.0.4' };
    expect(await admitted(() => wsContext(dave, 'drive'), 11)).toBe(10);
    const erin = { userId: 'erin', address: '10.0.0.4' };
    expect(await admitted(() => wsContext(erin, 'message'), 11)).toBe(11);
  });

  it('should honour @SkipThrottle on a socket handler', async () => {
    const frank = { userId: 'frank', address: '10.0.0.5' };
    expect(await admitted(() => wsContext(frank, 'stop'), 30)).toBe(30);
  });

  it('should refuse with a 429 rate_limited AppError carrying Retry-After', async () => {
    const grace = { userId: 'grace', address: '10.0.0.6' };
    await admitted(() => wsContext(grace), 12);
    const refusal = guard.canActivate(wsContext(grace));
    await expect(refusal).rejects.toMatchObject({
      code: 'rate_limited',
      status: 429,
      headers: { 'Retry-After': expect.stringMatching(/^\d+$/) },
    });
  });
});
