import { createUserAndLogin, loginAdmin, type Session } from './auth';
import { createTestApp, type TestApp } from './create-test-app';

export interface CatalogApp {
  t: TestApp;
  baseUrl: string;
  admin: Session;
  operator: Session;
  viewer: Session;
}

/**
 * One app per spec file with an admin, an operator and a viewer signed in. The general rate limit
 * is lifted (a CRUD suite sends hundreds of requests a minute as one user); the login limit stays.
 */
export async function startCatalogApp(env: Record<string, string> = {}): Promise<CatalogApp> {
  const t = await createTestApp({ env: { THROTTLE_LIMIT: '1000000', ...env } });
  try {
    const admin = await loginAdmin(t.baseUrl);
    const operator = await createUserAndLogin(t.baseUrl, admin, 'operator');
    const viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
    return { t, baseUrl: t.baseUrl, admin, operator, viewer };
  } catch (error) {
    await t.close();
    throw error;
  }
}
