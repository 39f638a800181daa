import type { Session } from './auth';
import { expectErrorEnvelope, expectValidationError } from './catalog-envelope';
import {
  api,
  type Body,
  type CatalogPage,
  type CatalogRecord,
  countNamed,
  createRecord,
  etagOf,
  listPage,
  readRecord,
  sleep,
  UNKNOWN_V4_ID,
  uniqueName,
  uniqueTag,
  without,
} from './catalog-fixtures';

export interface CatalogContext {
  baseUrl: string;
  operator: Session;
  viewer: Session;
}

export interface CatalogContractSpec {
  /** e.g. /api/navigation */
  path: string;
  /** A valid create body with a fresh unique name. */
  body(overrides?: Body): Body;
  /** A valid PATCH that changes one non-name field of a record made by `body()`. */
  change: Body;
  /** A field PUT requires besides name (PUT replaces, so leaving it out is a 400). */
  requiredField: string;
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The CRUD contract both §2 catalogues share (create, read, list, PUT, PATCH, If-Match, DELETE,
 * unique names, roles). Each spec file calls it once and adds its own field rules.
 * `ctx` is read lazily: the spec's beforeAll has made the app and sessions by the time a test runs.
 */
export function describeCatalogContract(
  spec: CatalogContractSpec,
  ctx: () => CatalogContext,
): void {
  const { path } = spec;
  const operator = () => api(ctx().baseUrl, ctx().operator);
  const viewer = () => api(ctx().baseUrl, ctx().viewer);
  const anonymous = () => api(ctx().baseUrl);
  const create = (overrides: Body = {}) => createRecord(operator(), path, spec.body(overrides));
  const current = async (id: string) => (await readRecord(operator(), path, id)).record;

  describe('create and read', () => {
    it('should create a record with 201, a v4 id, version 1, ISO timestamps and ETag "<id>.1"', async () => {
      const body = spec.body();
      const res = await operator().post(path).send(body);

      expect(res.status).toBe(201);
      const record = res.body as CatalogRecord;
      expect(record).toMatchObject(body);
      expect(record.id).toMatch(UUID_V4);
      expect(record.version).toBe(1);
      expect(record.createdAt).toMatch(ISO_UTC);
      expect(record.updatedAt).toBe(record.createdAt);
      expect(Math.abs(Date.now() - Date.parse(record.createdAt))).toBeLessThan(60_000);
      expect(res.headers.etag).toBe(`"${record.id}.1"`);
    });

    it('should return the stored record and its ETag from GET /:id', async () => {
      const created = await create();
      const { res, record } = await readRecord(operator(), path, created.id);

      expect(res.status).toBe(200);
      expect(record).toEqual(created);
      expect(res.headers.etag).toBe(etagOf(created));
    });

    it('should accept an absent description and report it as null', async () => {
      const created = await createRecord(operator(), path, without(spec.body(), 'description'));
      expect(created.description).toBeNull();
      expect((await current(created.id)).description).toBeNull();
    });

    it('should answer a well-formed unknown id with a 404 not_found envelope on every route', async () => {
      const url = `${path}/${UNKNOWN_V4_ID}`;
      expectErrorEnvelope(await operator().get(url), 404, 'not_found', url);
      expectErrorEnvelope(await operator().put(url).send(spec.body()), 404, 'not_found', url);
      expectErrorEnvelope(await operator().patch(url).send(spec.change), 404, 'not_found', url);
      expectErrorEnvelope(await operator().delete(url), 404, 'not_found', url);
    });
  });

  describe('list', () => {
    it('should answer { items, total, page, limit } with page 1 and limit 50 by default', async () => {
      await create();
      const res = await operator().get(path);

      expect(res.status).toBe(200);
      const page = res.body as CatalogPage;
      expect(Object.keys(page).sort()).toEqual(['items', 'limit', 'page', 'total']);
      expect(page).toMatchObject({ page: 1, limit: 50 });
      expect(Array.isArray(page.items)).toBe(true);
      expect(page.total).toBeGreaterThanOrEqual(1);
      expect(page.items.length).toBe(Math.min(page.total, 50));
    });

    it('should page with ?page and ?limit while total counts every match', async () => {
      const tag = uniqueTag();
      for (const n of ['a', 'b', 'c']) await create({ name: `${tag}-${n}` });

      const first = await listPage(operator(), path, `search=${tag}&limit=2&page=1`);
      const second = await listPage(operator(), path, `search=${tag}&limit=2&page=2`);
      const third = await listPage(operator(), path, `search=${tag}&limit=2&page=3`);

      expect(first).toMatchObject({ total: 3, page: 1, limit: 2 });
      expect(first.items.map((i) => i.name)).toEqual([`${tag}-a`, `${tag}-b`]);
      expect(second).toMatchObject({ total: 3, page: 2, limit: 2 });
      expect(second.items.map((i) => i.name)).toEqual([`${tag}-c`]);
      expect(third).toMatchObject({ items: [], total: 3, page: 3, limit: 2 });
    });

    it('should filter with ?enabled=true and ?enabled=false', async () => {
      const tag = uniqueTag();
      const on = await create({ name: `${tag}-on`, enabled: true });
      const off = await create({ name: `${tag}-off`, enabled: false });

      const enabled = await listPage(operator(), path, `search=${tag}&enabled=true`);
      const disabled = await listPage(operator(), path, `search=${tag}&enabled=false`);
      const all = await listPage(operator(), path, `enabled=false&limit=100`);

      expect(enabled.items.map((i) => i.id)).toEqual([on.id]);
      expect(enabled.total).toBe(1);
      expect(disabled.items.map((i) => i.id)).toEqual([off.id]);
      expect(disabled.total).toBe(1);
      expect(all.items.every((i) => i.enabled === false)).toBe(true);
      expect(all.items.map((i) => i.id)).toContain(off.id);
    });

    it('should search case-insensitively in name and in description', async () => {
      const tag = uniqueTag();
      const byName = await create({ name: `Alpha-${tag.toUpperCase()}`, description: null });
      const byDescription = await create({ description: `Covers the ${tag} dock` });
      await create({ name: uniqueName('unrelated'), description: 'nothing to see' });

      const lower = await listPage(operator(), path, `search=${tag}`);
      const upper = await listPage(operator(), path, `search=${tag.toUpperCase()}`);
      const nameOnly = await listPage(operator(), path, `search=alpha-${tag}`);

      expect(lower.items.map((i) => i.id).sort()).toEqual([byName.id, byDescription.id].sort());
      expect(lower.total).toBe(2);
      expect(upper.items.map((i) => i.id).sort()).toEqual(lower.items.map((i) => i.id).sort());
      expect(nameOnly.items.map((i) => i.id)).toEqual([byName.id]);
    });

    it('should treat search wildcards % and _ literally', async () => {
      const tag = uniqueTag();
      await create({ name: `${tag}-plain` });
      const percent = await listPage(operator(), path, `search=${tag}%25`);
      const underscore = await listPage(operator(), path, `search=${tag}_plain`);
      expect(percent.total).toBe(0);
      expect(underscore.total).toBe(0);
    });

    it('should sort by name ascending by default and descending with ?sort=-name', async () => {
      const tag = uniqueTag();
      for (const n of ['b', 'c', 'a']) await create({ name: `${tag}-${n}` });

      const byDefault = await listPage(operator(), path, `search=${tag}`);
      const ascending = await listPage(operator(), path, `search=${tag}&sort=name`);
      const descending = await listPage(operator(), path, `search=${tag}&sort=-name`);

      const names = (page: CatalogPage) => page.items.map((i) => i.name.slice(-1));
      expect(names(byDefault)).toEqual(['a', 'b', 'c']);
      expect(names(ascending)).toEqual(['a', 'b', 'c']);
      expect(names(descending)).toEqual(['c', 'b', 'a']);
    });

    it('should sort by createdAt and by -updatedAt', async () => {
      const tag = uniqueTag();
      const first = await create({ name: `${tag}-z` });
      await sleep(15);
      const second = await create({ name: `${tag}-y` });
      await sleep(15);
      const third = await create({ name: `${tag}-x` });
      await sleep(15);
      const touched = await operator().patch(`${path}/${first.id}`).send(spec.change);
      expect(touched.status).toBe(200);

      const byCreated = await listPage(operator(), path, `search=${tag}&sort=createdAt`);
      const byUpdated = await listPage(operator(), path, `search=${tag}&sort=-updatedAt`);

      expect(byCreated.items.map((i) => i.id)).toEqual([first.id, second.id, third.id]);
      expect(byUpdated.items.map((i) => i.id)).toEqual([first.id, third.id, second.id]);
    });
  });

  describe('PUT replaces, PATCH merges', () => {
    it('should replace the whole record on PUT, clearing an absent description', async () => {
      const created = await create({ description: 'to be cleared' });
      const replacement = without(spec.body(), 'description');

      const res = await operator().put(`${path}/${created.id}`).send(replacement);

      expect(res.status).toBe(200);
      const record = res.body as CatalogRecord;
      expect(record).toMatchObject({ ...replacement, id: created.id, version: 2 });
      expect(record.description).toBeNull();
      expect(record.createdAt).toBe(created.createdAt);
      expect(Date.parse(record.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
      expect(res.headers.etag).toBe(`"${created.id}.2"`);
      expect(await current(created.id)).toEqual(record);
    });

    it('should keep its own name on PUT without a conflict', async () => {
      const created = await create();
      const res = await operator()
        .put(`${path}/${created.id}`)
        .send(spec.body({ name: created.name, enabled: false }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: created.name, enabled: false, version: 2 });
    });

    it(`should refuse a PUT that leaves out ${spec.requiredField} with a 400 naming it and change nothing`, async () => {
      const created = await create();
      const res = await operator()
        .put(`${path}/${created.id}`)
        .send(without(spec.body(), spec.requiredField));
      expectValidationError(res, spec.requiredField);
      expect(await current(created.id)).toEqual(created);
    });

    it('should change only the given fields on PATCH and bump version and ETag', async () => {
      const created = await create();
      const res = await operator().patch(`${path}/${created.id}`).send(spec.change);

      expect(res.status).toBe(200);
      const { version: _v, updatedAt: _u, ...unchanged } = created;
      expect(res.body).toEqual({
        ...unchanged,
        ...spec.change,
        version: 2,
        updatedAt: expect.stringMatching(ISO_UTC) as unknown,
      });
      expect(res.headers.etag).toBe(`"${created.id}.2"`);
      expect(await current(created.id)).toEqual(res.body);
    });

    it('should rename on PATCH { name } and clear the description on PATCH { description: null }', async () => {
      const created = await create();
      const name = uniqueName('renamed');
      const renamed = await operator().patch(`${path}/${created.id}`).send({ name });
      const cleared = await operator().patch(`${path}/${created.id}`).send({ description: null });

      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name, description: created.description });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ name, description: null, version: 3 });
    });
  });

  describe('If-Match', () => {
    it('should apply a PUT and a PATCH whose If-Match is the current ETag', async () => {
      const created = await create();
      const put = await operator()
        .put(`${path}/${created.id}`)
        .set('If-Match', etagOf(created))
        .send(spec.body({ name: created.name }));
      expect(put.status).toBe(200);

      const patch = await operator()
        .patch(`${path}/${created.id}`)
        .set('If-Match', put.headers.etag)
        .send({ enabled: false });
      expect(patch.status).toBe(200);
      expect(patch.body).toMatchObject({ enabled: false, version: 3 });
      expect(patch.headers.etag).toBe(`"${created.id}.3"`);
    });

    it('should refuse a PATCH with a stale If-Match with 412 precondition_failed and keep the row', async () => {
      const created = await create();
      const moved = await operator().patch(`${path}/${created.id}`).send({ enabled: false });
      expect(moved.status).toBe(200);
      const before = await current(created.id);

      const res = await operator()
        .patch(`${path}/${created.id}`)
        .set('If-Match', etagOf(created))
        .send({ name: uniqueName('lost-update') });

      expectErrorEnvelope(res, 412, 'precondition_failed');
      expect(await current(created.id)).toEqual(before);
    });

    it('should refuse a PUT with a stale If-Match with 412 precondition_failed and keep the row', async () => {
      const created = await create();
      await operator().patch(`${path}/${created.id}`).send({ enabled: false }).expect(200);
      const before = await current(created.id);

      const res = await operator()
        .put(`${path}/${created.id}`)
        .set('If-Match', etagOf(created))
        .send(spec.body());

      expectErrorEnvelope(res, 412, 'precondition_failed');
      expect(await current(created.id)).toEqual(before);
    });

    it('should refuse a DELETE with a stale If-Match with 412 and keep the row', async () => {
      const created = await create();
      await operator().patch(`${path}/${created.id}`).send({ enabled: false }).expect(200);

      const res = await operator().delete(`${path}/${created.id}`).set('If-Match', etagOf(created));

      expectErrorEnvelope(res, 412, 'precondition_failed');
      expect((await readRecord(operator(), path, created.id)).res.status).toBe(200);
    });

    it("should refuse an If-Match carrying another record's ETag with 412", async () => {
      const target = await create();
      const other = await create();
      const res = await operator()
        .patch(`${path}/${target.id}`)
        .set('If-Match', etagOf(other))
        .send({ enabled: false });
      expectErrorEnvelope(res, 412, 'precondition_failed');
      expect(await current(target.id)).toEqual(target);
    });

    it('should accept If-Match: * as any current version', async () => {
      const created = await create();
      const res = await operator()
        .patch(`${path}/${created.id}`)
        .set('If-Match', '*')
        .send({ enabled: false });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ enabled: false, version: 2 });
    });
  });

  describe('DELETE', () => {
    it('should delete with 204 and no body, after which GET is 404 and the list omits it', async () => {
      const tag = uniqueTag();
      const created = await create({ name: `${tag}-gone` });

      const res = await operator().delete(`${path}/${created.id}`).set('If-Match', etagOf(created));

      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expectErrorEnvelope(await operator().get(`${path}/${created.id}`), 404, 'not_found');
      expect((await listPage(operator(), path, `search=${tag}`)).total).toBe(0);
      expectErrorEnvelope(await operator().delete(`${path}/${created.id}`), 404, 'not_found');
    });

    it('should free the name of a deleted record for reuse', async () => {
      const created = await create();
      await operator().delete(`${path}/${created.id}`).expect(204);
      const again = await operator()
        .post(path)
        .send(spec.body({ name: created.name }));
      expect(again.status).toBe(201);
    });
  });

  describe('unique names', () => {
    it('should refuse a duplicate name on create with 409 conflict and create nothing', async () => {
      const existing = await create();
      const res = await operator()
        .post(path)
        .send(spec.body({ name: existing.name }));

      expectErrorEnvelope(res, 409, 'conflict');
      expect(await countNamed(operator(), path, existing.name)).toBe(1);
    });

    it('should refuse a rename onto an existing name with 409 on PATCH and on PUT, keeping the row', async () => {
      const taken = await create();
      const mine = await create();

      const patch = await operator().patch(`${path}/${mine.id}`).send({ name: taken.name });
      expectErrorEnvelope(patch, 409, 'conflict');
      const put = await operator()
        .put(`${path}/${mine.id}`)
        .send(spec.body({ name: taken.name }));
      expectErrorEnvelope(put, 409, 'conflict');

      expect(await current(mine.id)).toEqual(mine);
      expect(await countNamed(operator(), path, taken.name)).toBe(1);
    });
  });

  describe('access', () => {
    it('should let a viewer list and read', async () => {
      const created = await create();
      expect((await viewer().get(path)).status).toBe(200);
      const one = await viewer().get(`${path}/${created.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(created);
    });

    it('should refuse every write by a viewer with 403 forbidden and change nothing', async () => {
      const created = await create();
      const url = `${path}/${created.id}`;
      const name = uniqueName('viewer');

      expectErrorEnvelope(await viewer().post(path).send(spec.body({ name })), 403, 'forbidden');
      expectErrorEnvelope(await viewer().put(url).send(spec.body()), 403, 'forbidden');
      expectErrorEnvelope(await viewer().patch(url).send(spec.change), 403, 'forbidden');
      expectErrorEnvelope(await viewer().delete(url), 403, 'forbidden');

      expect(await current(created.id)).toEqual(created);
      expect(await countNamed(operator(), path, name)).toBe(0);
    });

    it('should refuse every route without a token with 401 unauthorized', async () => {
      const created = await create();
      const url = `${path}/${created.id}`;

      expectErrorEnvelope(await anonymous().get(path), 401, 'unauthorized');
      expectErrorEnvelope(await anonymous().get(url), 401, 'unauthorized');
      expectErrorEnvelope(await anonymous().post(path).send(spec.body()), 401, 'unauthorized');
      expectErrorEnvelope(await anonymous().put(url).send(spec.body()), 401, 'unauthorized');
      expectErrorEnvelope(await anonymous().patch(url).send(spec.change), 401, 'unauthorized');
      expectErrorEnvelope(await anonymous().delete(url), 401, 'unauthorized');
      expect(await current(created.id)).toEqual(created);
    });
  });
}
