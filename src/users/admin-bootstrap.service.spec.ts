import { Logger } from '@nestjs/common';
import type { Clock } from '../common/clock/clock';
import type { AppConfig } from '../config/app-config';
import type { LogFormat } from '../logging/log-format';
import { AdminBootstrapService } from './admin-bootstrap.service';
import type { PasswordHasher } from './password-hasher';
import type { UsersRepository } from './users.repository';

function bootstrapWith(format: LogFormat) {
  const users = {
    count: () => Promise.resolve(0),
    insert: jest.fn((_row: { passwordHash: string }) => Promise.resolve()),
  };
  const hasher = { hash: (p: string) => Promise.resolve(`hash:${p}`) };
  const config = { auth: {} } as AppConfig;
  const clock = { now: () => new Date(0) } as unknown as Clock;
  const service = new AdminBootstrapService(
    users as unknown as UsersRepository,
    hasher as unknown as PasswordHasher,
    config,
    clock,
    format,
  );
  const said: string[] = [];
  for (const level of ['log', 'warn'] as const) {
    jest
      .spyOn(Logger.prototype, level)
      .mockImplementation((...args: unknown[]) => void said.push(String(args[0])));
  }
  const generated = () => users.insert.mock.calls[0][0].passwordHash.replace(/^hash:/, '');
  return { service, said, generated };
}

describe(AdminBootstrapService.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('should log the generated password once in JSON, and keep none for the banner', async () => {
    const { service, said, generated } = bootstrapWith('json');
    await service.onApplicationBootstrap();
    expect(said.filter((line) => line.includes(generated()))).toHaveLength(1);
    expect(service.takeGeneratedPassword()).toBeUndefined();
  });

  it('should leave the password to the banner on a terminal, handed out once', async () => {
    const { service, said, generated } = bootstrapWith('pretty');
    await service.onApplicationBootstrap();
    expect(said.some((line) => line.includes(generated()))).toBe(false);
    expect(said).toHaveLength(1);
    expect(service.takeGeneratedPassword()).toBe(generated());
    expect(service.takeGeneratedPassword()).toBeUndefined();
  });
});
