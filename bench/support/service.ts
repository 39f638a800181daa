/**
 * The server role's side: the full app as the e2e harness builds it, on a pty. Load it with a
 * dynamic import from the role, so that the orchestrator's process never loads the app.
 */
import { createUserAndLogin, loginAdmin, type Session } from '../../test/helpers/auth';
import { createTestApp, type TestApp } from '../../test/helpers/create-test-app';

export { createUserAndLogin, loginAdmin };

/**
 * Over a fresh SQLite file, the real serialport adapter on the pty end in BENCH_SERIAL_PORT, the
 * request log at info, as production writes it. `env` adds to (or overrides) that.
 */
export async function startServiceOnPty(env: Record<string, string> = {}): Promise<TestApp> {
  const serialPort = process.env.BENCH_SERIAL_PORT;
  if (!serialPort) throw new Error('BENCH_SERIAL_PORT is not set');
  return createTestApp({
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      THROTTLE_LIMIT: '1000000', // the per-user default budget is not what this measures
      ...env,
      SERIAL_PORT: serialPort,
    },
  });
}

/** `count` new operators, each signed in; their access tokens. */
export async function loginOperators(
  baseUrl: string,
  admin: Session,
  count: number,
): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++)
    tokens.push((await createUserAndLogin(baseUrl, admin, 'operator')).accessToken);
  return tokens;
}
