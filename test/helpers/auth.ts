import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { TEST_ADMIN_PASSWORD } from './create-test-app';

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; username: string; role: string; scopes: string[] };
}

export async function login(baseUrl: string, username: string, password: string): Promise<Session> {
  const res = await request(baseUrl).post('/api/auth/login').send({ username, password });
  if (res.status !== 200)
    throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Session;
}

export function loginAdmin(baseUrl: string): Promise<Session> {
  return login(baseUrl, 'admin', TEST_ADMIN_PASSWORD);
}

let counter = 0;

/** Creates a user with the given role through the admin API and logs in as them. */
export async function createUserAndLogin(
  baseUrl: string,
  admin: Session,
  role: 'viewer' | 'operator' | 'admin',
): Promise<Session> {
  const username = `${role}${process.pid}${++counter}`;
  const password = `${role}-password-long-enough`;
  const res = await request(baseUrl)
    .post('/api/users')
    .set('Authorization', `Bearer ${admin.accessToken}`)
    .send({ username, password, role });
  if (res.status !== 201)
    throw new Error(`create ${role} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return login(baseUrl, username, password);
}

export const bearer = (session: Session): [string, string] => [
  'Authorization',
  `Bearer ${session.accessToken}`,
];

export interface Account {
  id: string;
  username: string;
  password: string;
}

/** Creates a user through the admin API and returns its credentials, to log in as often as needed. */
export async function createAccount(
  baseUrl: string,
  admin: Session,
  role: 'viewer' | 'operator' | 'admin',
): Promise<Account> {
  const username = `${role}${process.pid}${++counter}`;
  const password = `${role}-password-${randomUUID()}`;
  const res = await request(baseUrl)
    .post('/api/users')
    .set('Authorization', `Bearer ${admin.accessToken}`)
    .send({ username, password, role });
  if (res.status !== 201)
    throw new Error(`create ${role} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: (res.body as { id: string }).id, username, password };
}
