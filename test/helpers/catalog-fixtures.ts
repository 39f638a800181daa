import request, { type Response, type Test } from 'supertest';
import type { Session } from './auth';

/** The record shape both §2 catalogues share, plus their own fields. */
export interface CatalogRecord {
  id: string;
  name: string;
  description: string | null;
  enabled: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
}

export interface CatalogPage {
  items: CatalogRecord[];
  total: number;
  page: number;
  limit: number;
}

export type Body = Record<string, unknown>;

export const NAVIGATION_PATH = '/api/navigation';
export const COLLISION_AVOIDANCE_PATH = '/api/collision-avoidance';

/** A random UUID v4 that no record has. */
export const UNKNOWN_V4_ID = '3f2504e0-4f89-4d94-8c7b-1a2b3c4d5e6f';

let sequence = 0;

/** A name no other test in this process uses; `tag` makes it findable with ?search=. */
export function uniqueName(tag = 'row'): string {
  return `${tag}-${process.pid}-${++sequence}`;
}

/** A short random token for ?search= that matches only the rows a test made. */
export function uniqueTag(): string {
  return `t${Math.random().toString(36).slice(2, 10)}${++sequence}`;
}

export function navigationBody(overrides: Body = {}): Body {
  return {
    name: uniqueName('nav'),
    description: 'Patrol loop around aisle 3',
    algorithm: 'a_star',
    maxSpeed: 1.2,
    goalTolerance: 0.25,
    waypoints: [
      { x: 0, y: 0 },
      { x: 2.5, y: -1, heading: 1.57 },
    ],
    enabled: true,
    ...overrides,
  };
}

export function collisionAvoidanceBody(overrides: Body = {}): Body {
  return {
    name: uniqueName('ca'),
    description: 'HC-SR04 on the front bumper',
    sensorType: 'ultrasonic',
    minDistance: 0.3,
    detectionRange: 4,
    reaction: 'stop',
    enabled: true,
    ...overrides,
  };
}

/** `body` without the named fields (an absent field, as opposed to one set to undefined or null). */
export function without(body: Body, ...fields: string[]): Body {
  const copy = { ...body };
  for (const field of fields) delete copy[field];
  return copy;
}

/** Supertest against the running app, with the session's bearer token when one is given. */
export function api(baseUrl: string, session?: Session) {
  const authed = (test: Test): Test =>
    session ? test.set('Authorization', `Bearer ${session.accessToken}`) : test;
  return {
    get: (url: string) => authed(request(baseUrl).get(url)),
    post: (url: string) => authed(request(baseUrl).post(url)),
    put: (url: string) => authed(request(baseUrl).put(url)),
    patch: (url: string) => authed(request(baseUrl).patch(url)),
    delete: (url: string) => authed(request(baseUrl).delete(url)),
  };
}

export type Api = ReturnType<typeof api>;

/** POSTs a record and fails the test with the response when it is not a 201. */
export async function createRecord(client: Api, path: string, body: Body): Promise<CatalogRecord> {
  const res = await client.post(path).send(body);
  if (res.status !== 201) {
    throw new Error(`POST ${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as CatalogRecord;
}

export async function readRecord(
  client: Api,
  path: string,
  id: string,
): Promise<{ res: Response; record: CatalogRecord }> {
  const res = await client.get(`${path}/${id}`);
  return { res, record: res.body as CatalogRecord };
}

/** GETs `path?query` and returns the page; fails unless it is a 200. */
export async function listPage(client: Api, path: string, query: string): Promise<CatalogPage> {
  const res = await client.get(`${path}?${query}`);
  if (res.status !== 200) {
    throw new Error(`GET ${path}?${query} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as CatalogPage;
}

/** How many records named exactly `name` the list holds (search is a substring match). */
export async function countNamed(client: Api, path: string, name: string): Promise<number> {
  const page = await listPage(client, path, `search=${encodeURIComponent(name)}&limit=100`);
  return page.items.filter((item) => item.name === name).length;
}

export function etagOf(record: Pick<CatalogRecord, 'id' | 'version'>): string {
  return `"${record.id}.${record.version}"`;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
