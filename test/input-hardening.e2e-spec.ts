import { type CatalogApp, startCatalogApp } from './helpers/catalog-app';
import {
  detailFields,
  type ErrorEnvelope,
  expectErrorEnvelope,
  expectValidationError,
} from './helpers/catalog-envelope';
import {
  api,
  type Body,
  type CatalogPage,
  type CatalogRecord,
  COLLISION_AVOIDANCE_PATH,
  collisionAvoidanceBody,
  createRecord,
  listPage,
  NAVIGATION_PATH,
  navigationBody,
  readRecord,
  UNKNOWN_V4_ID,
  uniqueTag,
} from './helpers/catalog-fixtures';
import type { Response } from 'supertest';

const path = NAVIGATION_PATH;

/** Both §2 catalogues, for the checks that concern every numeric and required field alike. */
const CATALOGUES = [
  { path: NAVIGATION_PATH, body: navigationBody, numberField: 'maxSpeed', valid: 1.2 },
  {
    path: COLLISION_AVOIDANCE_PATH,
    body: collisionAvoidanceBody,
    numberField: 'minDistance',
    valid: 0.3,
  },
] as const;

/** A 400 from anywhere in the pipeline (body parser or validation), in the §0 envelope. */
function expectBadRequest(res: Response): ErrorEnvelope {
  expect(res.status).toBe(400);
  const body = res.body as ErrorEnvelope;
  expect(['bad_request', 'validation_failed']).toContain(body.error);
  return expectErrorEnvelope(res, 400, body.error);
}

/** A hostile key that JSON.stringify cannot produce from an object literal, so it is spliced in. */
function withRawMember(body: Body, member: string): string {
  return JSON.stringify(body).replace(/}$/, `,${member}}`);
}

/**
 * The app runs inside this Jest process, so its objects share these prototypes: the vm context's
 * Object.prototype (JSON.parse, class-transformer) and Node's own (built-in modules such as the
 * query-string parser). Both must stay clean.
 */
function prototypesInReach(): object[] {
  return [Object.prototype, Object.getPrototypeOf(process.memoryUsage()) as object];
}

describe('input hardening (e2e, API.md §0)', () => {
  let app: CatalogApp;
  let seeded: CatalogRecord;
  beforeAll(async () => {
    app = await startCatalogApp();
    seeded = await createRecord(operator(), path, navigationBody());
  });
  afterAll(() => app.t.close());

  const operator = () => api(app.baseUrl, app.operator);
  const postRaw = (url: string, text: string) =>
    operator().post(url).set('Content-Type', 'application/json').send(text);
  const patchRaw = (url: string, text: string) =>
    operator().patch(url).set('Content-Type', 'application/json').send(text);

  /** Every row of both catalogues: equal before and after means nothing was created or changed. */
  async function snapshot(): Promise<Record<string, CatalogRecord[]>> {
    const all: Record<string, CatalogRecord[]> = {};
    for (const { path: p } of CATALOGUES) {
      const first = await listPage(operator(), p, 'limit=100&sort=createdAt');
      const rows = [...first.items];
      for (let page = 2; rows.length < first.total; page++) {
        rows.push(
          ...(await listPage(operator(), p, `limit=100&sort=createdAt&page=${page}`)).items,
        );
      }
      all[p] = rows;
    }
    return all;
  }

  describe('wrong types', () => {
    it.each(CATALOGUES)(
      'should refuse a string for the number $numberField on $path create and PATCH',
      async ({ path: p, body, numberField, valid }) => {
        const target = await createRecord(operator(), p, body());
        const before = await snapshot();

        const created = await operator()
          .post(p)
          .send(body({ [numberField]: String(valid) }));
        expectValidationError(created, numberField);
        const patched = await operator()
          .patch(`${p}/${target.id}`)
          .send({ [numberField]: '1' });
        expectValidationError(patched, numberField);

        expect(await snapshot()).toEqual(before);
      },
    );

    it.each(CATALOGUES)(
      'should refuse $numberField 1e309 and -1e309 (parsed as ±Infinity) on $path',
      async ({ path: p, body, numberField, valid }) => {
        const target = await createRecord(operator(), p, body());
        const before = await snapshot();
        const text = JSON.stringify(body());
        const plain = `"${numberField}":${valid}`;
        expect(text).toContain(plain);

        for (const huge of ['1e309', '-1e309']) {
          const res = await postRaw(p, text.replace(plain, `"${numberField}":${huge}`));
          expectValidationError(res, numberField);
          const patch = await patchRaw(`${p}/${target.id}`, `{"${numberField}":${huge}}`);
          expectValidationError(patch, numberField);
        }
        expect(await snapshot()).toEqual(before);
      },
    );

    it('should refuse NaN and Infinity literals (invalid JSON) with a clear 400 envelope', async () => {
      const before = await snapshot();
      const text = JSON.stringify(navigationBody());
      for (const literal of ['NaN', 'Infinity', '-Infinity']) {
        const res = await postRaw(path, text.replace('"maxSpeed":1.2', `"maxSpeed":${literal}`));
        const body = expectBadRequest(res);
        expect(body.message).not.toMatch(/SyntaxError|at position|Unexpected token/);
        const patch = await patchRaw(`${path}/${seeded.id}`, `{"maxSpeed":${literal}}`);
        expectBadRequest(patch);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('should refuse truncated JSON with a 400 envelope', async () => {
      const before = await snapshot();
      expectBadRequest(await postRaw(path, '{"name":"half'));
      expect(await snapshot()).toEqual(before);
    });

    it.each(CATALOGUES)(
      'should refuse null for each required field on $path create, naming the field',
      async ({ path: p, body }) => {
        const before = await snapshot();
        const required = Object.keys(body()).filter((f) => f !== 'description');
        for (const field of required) {
          const res = await operator()
            .post(p)
            .send(body({ [field]: null }));
          expectValidationError(res, field);
        }
        expect(await snapshot()).toEqual(before);
      },
    );

    it.each(CATALOGUES)(
      'should refuse a PATCH that sets a required field of $path to null, naming it, and keep the row',
      async ({ path: p, body }) => {
        const target = await createRecord(operator(), p, body());
        const before = await snapshot();
        const required = Object.keys(body()).filter((f) => f !== 'description');
        const outcomes: Record<string, number> = {};
        for (const field of required) {
          const res = await operator()
            .patch(`${p}/${target.id}`)
            .send({ [field]: null });
          outcomes[field] = res.status;
          if (res.status === 400) expectValidationError(res, field);
        }
        expect(outcomes).toEqual(Object.fromEntries(required.map((f) => [f, 400])));
        expect(await snapshot()).toEqual(before);
      },
    );

    it('should refuse an array body where an object belongs, on create and on PATCH', async () => {
      const before = await snapshot();
      expectBadRequest(await postRaw(path, '[]'));
      expectBadRequest(await operator().post(path).send([navigationBody()]));
      expectBadRequest(await patchRaw(`${path}/${seeded.id}`, '[]'));
      expectBadRequest(
        await operator()
          .patch(`${path}/${seeded.id}`)
          .send([{ maxSpeed: 2 }]),
      );
      expect(await snapshot()).toEqual(before);
    });

    it('should refuse waypoints given as arrays ([[1,2]]) with a 400 naming waypoints', async () => {
      const before = await snapshot();
      const res = await operator()
        .post(path)
        .send(navigationBody({ waypoints: [[1, 2]] }));
      expectBadRequest(res);
      expect(detailFields(res).some((f) => f === 'waypoints' || f.startsWith('waypoints.'))).toBe(
        true,
      );
      expect(await snapshot()).toEqual(before);
    });

    it('should refuse a JSON body sent as text/plain without creating anything', async () => {
      const before = await snapshot();
      const res = await operator()
        .post(path)
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify(navigationBody()));
      expect([400, 415]).toContain(res.status);
      expectErrorEnvelope(res, res.status, (res.body as ErrorEnvelope).error);
      expect(await snapshot()).toEqual(before);
    });

    it('should refuse an unknown body field with a 400 naming it, on create and on PATCH', async () => {
      const before = await snapshot();
      expectValidationError(
        await operator()
          .post(path)
          .send(navigationBody({ role: 'admin' })),
        'role',
      );
      expectValidationError(
        await operator().patch(`${path}/${seeded.id}`).send({ enabled: false, version: 99 }),
        'version',
      );
      expectValidationError(
        await operator().patch(`${path}/${seeded.id}`).send({ id: UNKNOWN_V4_ID }),
        'id',
      );
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('prototype pollution', () => {
    const hostileMembers = [
      '"__proto__":{"polluted":true}',
      '"constructor":{"prototype":{"polluted":true}}',
      '"prototype":{"polluted":true}',
      // JSON.parse turns the escape into a real "__proto__" key; the raw text never spells it.
      '"\\u005f_proto__":{"polluted":true}',
    ];

    it.each(hostileMembers)(
      'should refuse a create body with %s and create nothing',
      async (member) => {
        const before = await snapshot();
        const res = await postRaw(path, withRawMember(navigationBody(), member));
        expectBadRequest(res);
        expect(await snapshot()).toEqual(before);
      },
    );

    it.each(hostileMembers)(
      'should refuse a PATCH body with %s and keep the row',
      async (member) => {
        const before = await snapshot();
        const res = await patchRaw(
          `${path}/${seeded.id}`,
          withRawMember({ enabled: false }, member),
        );
        expectBadRequest(res);
        expect(await snapshot()).toEqual(before);
      },
    );

    it('should refuse a __proto__ key nested inside a waypoint', async () => {
      const before = await snapshot();
      const text = JSON.stringify(navigationBody()).replace(
        '{"x":0,"y":0}',
        '{"x":0,"y":0,"__proto__":{"polluted":true}}',
      );
      expect(text).toContain('__proto__');
      expectBadRequest(await postRaw(path, text));
      expect(await snapshot()).toEqual(before);
    });

    it('should accept "__proto__" and "constructor" as string values (only keys are hazards)', async () => {
      const res = await operator()
        .post(path)
        .send(navigationBody({ description: 'constructor of the __proto__ prototype' }));
      expect(res.status).toBe(201);
      expect((res.body as CatalogRecord).description).toBe(
        'constructor of the __proto__ prototype',
      );
    });

    it.each([
      'a[__proto__]=1',
      '__proto__[polluted]=1',
      'constructor[prototype][polluted]=1',
      '__proto__=1',
    ])('should refuse the list query ?%s with a 400', async (query) => {
      const res = await operator().get(`${path}?${query}`);
      expectBadRequest(res);
      expect(res.body).toMatchObject({ path });
    });

    it('should leave Object.prototype unpolluted, and no later response carries "polluted"', async () => {
      for (const proto of prototypesInReach()) {
        expect(Object.prototype.hasOwnProperty.call(proto, 'polluted')).toBe(false);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();

      const list = await operator().get(`${path}?limit=100`);
      const one = await operator().get(`${path}/${seeded.id}`);
      const fresh = await operator().post(path).send(navigationBody());
      for (const res of [list, one, fresh]) {
        expect(res.status).toBeLessThan(300);
        expect(res.text).not.toContain('polluted');
      }
      expect(Object.keys(fresh.body as object).sort()).toEqual(Object.keys(seeded).sort());
    });
  });

  describe('size and depth', () => {
    it('should refuse a 2 MB body with 413 payload_too_large, quickly, creating nothing', async () => {
      const before = await snapshot();
      const body = navigationBody({ description: 'x'.repeat(2 * 1024 * 1024) });
      const started = performance.now();
      const res = await operator().post(path).send(body);
      const elapsed = performance.now() - started;

      expectErrorEnvelope(res, 413, 'payload_too_large');
      expect(elapsed).toBeLessThan(1000);
      expect(await snapshot()).toEqual(before);
    });

    it('should judge a body just under 1 MiB on its fields (400 description), not its size', async () => {
      const before = await snapshot();
      const res = await operator()
        .post(path)
        .send(navigationBody({ description: 'x'.repeat(1_000_000) }));
      expectValidationError(res, 'description');
      expect(await snapshot()).toEqual(before);
    });

    it.each([
      ['arrays', '['.repeat(10_000) + ']'.repeat(10_000)],
      ['objects', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
      [
        'a waypoint',
        JSON.stringify(navigationBody()).replace(
          '{"x":0,"y":0}',
          '{"x":0,"y":0,"h":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}',
        ),
      ],
    ])(
      'should refuse JSON nested 10,000 deep in %s with a 400 or 413 in under 1 s',
      async (_label, text) => {
        const before = await snapshot();
        const started = performance.now();
        const res = await postRaw(path, text);
        const elapsed = performance.now() - started;

        expect([400, 413]).toContain(res.status);
        expectErrorEnvelope(res, res.status, (res.body as ErrorEnvelope).error);
        expect(elapsed).toBeLessThan(1000);
        expect(await snapshot()).toEqual(before);
      },
    );

    it('should still serve requests after the oversized and deep bodies', async () => {
      const res = await operator().get(`${path}/${seeded.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: seeded.id, name: seeded.name });
    });
  });

  describe('ids', () => {
    it.each([
      ['not-a-uuid', 'not-a-uuid'],
      ['a v1 UUID', 'c232ab00-9414-11ec-b3c8-9f6bdeced846'],
      ['the nil UUID', '00000000-0000-0000-0000-000000000000'],
      ['a v4 UUID with a stray character', `${UNKNOWN_V4_ID}x`],
      ['a SQL fragment', "1' OR '1'='1"],
    ])(
      'should refuse %s as an id with a 400 naming id on GET, PATCH and DELETE',
      async (_label, id) => {
        const before = await snapshot();
        const url = `${path}/${encodeURIComponent(id)}`;
        for (const res of [
          await operator().get(url),
          await operator().patch(url).send({ enabled: false }),
          await operator().delete(url),
        ]) {
          expectValidationError(res, 'id');
        }
        expect(await snapshot()).toEqual(before);
      },
    );

    it('should answer an unknown v4 id with a 404 not_found envelope', async () => {
      expectErrorEnvelope(await operator().get(`${path}/${UNKNOWN_V4_ID}`), 404, 'not_found');
    });

    it('should find a record by the upper-case spelling of its id', async () => {
      const res = await operator().get(`${path}/${seeded.id.toUpperCase()}`);
      expect(res.status).toBe(200);
      expect((res.body as CatalogRecord).id).toBe(seeded.id);
    });
  });

  describe('list queries', () => {
    it("should return no rows for ?search=' OR 1=1 --", async () => {
      const tag = uniqueTag();
      await createRecord(operator(), path, navigationBody({ name: `${tag}-one` }));
      await createRecord(operator(), path, navigationBody({ name: `${tag}-two` }));
      expect((await listPage(operator(), path, `search=${tag}`)).total).toBe(2);

      for (const injection of ["' OR 1=1 --", "%' OR '1'='1", '") OR 1=1 --']) {
        const page = await listPage(operator(), path, `search=${encodeURIComponent(injection)}`);
        expect(page).toMatchObject({ items: [], total: 0 });
      }
    });

    it('should refuse ?sort=name;DROP TABLE navigation_modules with a 400 and keep the table working', async () => {
      const before = await snapshot();
      const res = await operator().get(
        `${path}?sort=${encodeURIComponent('name;DROP TABLE navigation_modules')}`,
      );
      expectValidationError(res, 'sort');

      expect(await snapshot()).toEqual(before);
      const created = await createRecord(operator(), path, navigationBody());
      expect((await readRecord(operator(), path, created.id)).res.status).toBe(200);
    });

    it.each([
      ['sort', 'sort=password'],
      ['sort', 'sort=name%20DESC'],
      ['sort', 'sort=--name'],
      ['limit', 'limit=1000'],
      ['limit', 'limit=101'],
      ['limit', 'limit=0'],
      ['limit', 'limit=-1'],
      ['limit', 'limit=1.5'],
      ['limit', 'limit=ten'],
      ['page', 'page=0'],
      ['page', 'page=abc'],
      ['enabled', 'enabled=yes'],
      ['enabled', 'enabled=1'],
      ['enabled', 'enabled='],
      ['search', `search=${'s'.repeat(101)}`],
      ['limit', 'limit=1&limit=2'],
      ['search', 'search=a&search=b'],
      ['unknown', 'unknown=1'],
    ])(
      'should refuse a list query with a bad %s (?%s) with a 400 naming it',
      async (field, query) => {
        const res = await operator().get(`${path}?${query}`);
        expectValidationError(res, field);
        expect(res.body).toMatchObject({ path });
      },
    );

    it('should accept limit=100, the largest page', async () => {
      const page = (await operator().get(`${path}?limit=100`)).body as CatalogPage;
      expect(page).toMatchObject({ page: 1, limit: 100 });
    });
  });
});
