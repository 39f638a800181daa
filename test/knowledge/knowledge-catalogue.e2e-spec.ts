import { type CatalogApp, startCatalogApp } from '../helpers/catalog-app';
import { expectErrorEnvelope, expectValidationError } from '../helpers/catalog-envelope';
import { api, type Body, UNKNOWN_V4_ID } from '../helpers/catalog-fixtures';
import { PART_CATEGORIES } from '../../src/knowledge/seed/seed-types';
import { DOCUMENTS, documentBody, PARTS, partBody, uniqueWord } from './knowledge-fixtures';

interface Part {
  id: string;
  name: string;
  category: string;
  description: string;
  voltageMin: number | null;
  voltageMax: number | null;
  currentMax: number | null;
  pinout: { pin: string; function: string }[];
  specs: Record<string, string>;
  datasheetUrl: string | null;
  version: number;
}

describe('Knowledge parts and documents (e2e, API.md §8)', () => {
  let app: CatalogApp;
  beforeAll(async () => {
    app = await startCatalogApp();
  });
  afterAll(() => app.t.close());

  const admin = () => api(app.baseUrl, app.admin);
  const operator = () => api(app.baseUrl, app.operator);
  const viewer = () => api(app.baseUrl, app.viewer);
  const anonymous = () => api(app.baseUrl);
  const partsTotal = async () =>
    (await viewer().get(`${PARTS}?limit=1`).expect(200)).body.total as number;

  describe('the shipped catalogue', () => {
    it('should hold at least 100 parts and 10 documents', async () => {
      expect(await partsTotal()).toBeGreaterThanOrEqual(100);
      const docs = await viewer().get(`${DOCUMENTS}?limit=1`).expect(200);
      expect(docs.body.total).toBeGreaterThanOrEqual(10);
    });

    it.each(PART_CATEGORIES)(
      'should list seed parts of category %s, and only those',
      async (category) => {
        const res = await viewer().get(`${PARTS}?category=${category}&limit=100`).expect(200);
        expect(res.body.total).toBeGreaterThan(0);
        expect((res.body.items as Part[]).every((p) => p.category === category)).toBe(true);
      },
    );

    it('should describe the HC-SR04 with its pins, its 5 V supply and an https datasheet or none', async () => {
      const res = await viewer().get(`${PARTS}?search=HC-SR04`).expect(200);
      const part = (res.body.items as Part[]).find((p) => p.name === 'HC-SR04');
      expect(part).toBeDefined();
      const detail = (await viewer().get(`${PARTS}/${part!.id}`).expect(200)).body as Part;
      expect(detail.pinout.map((p) => p.pin)).toEqual(
        expect.arrayContaining(['VCC', 'TRIG', 'ECHO', 'GND']),
      );
      expect(detail.voltageMax).toBe(5);
      expect(detail.description.toLowerCase()).toContain('ultrasonic');
      if (detail.datasheetUrl !== null) expect(detail.datasheetUrl).toMatch(/^https:\/\//);
    });

    it('should list documents without their bodies and give the body on GET /:id', async () => {
      const list = await viewer().get(`${DOCUMENTS}?limit=100`).expect(200);
      const first = list.body.items[0];
      expect(first).toMatchObject({
        id: expect.any(String),
        title: expect.any(String),
        summary: expect.any(String),
      });
      expect(first).not.toHaveProperty('body');
      const detail = await viewer().get(`${DOCUMENTS}/${first.id}`).expect(200);
      expect(detail.body.body.length).toBeGreaterThan(200);
      expect(detail.headers.etag).toBe(`"${first.id}.${first.version}"`);
    });

    it('should page the parts list with total counting every match', async () => {
      const one = await viewer().get(`${PARTS}?page=1&limit=10`).expect(200);
      const two = await viewer().get(`${PARTS}?page=2&limit=10`).expect(200);
      expect(one.body).toMatchObject({ page: 1, limit: 10 });
      expect(one.body.items).toHaveLength(10);
      expect(two.body.total).toBe(one.body.total);
      const ids = new Set([...one.body.items, ...two.body.items].map((p: Part) => p.id));
      expect(ids.size).toBe(20);
    });
  });

  describe('admin writes', () => {
    it('should create, patch and delete a part, with version and ETag as the catalogues have them', async () => {
      const created = await admin().post(PARTS).send(partBody()).expect(201);
      expect(created.body).toMatchObject({
        version: 1,
        category: 'sensor',
        specs: { range: '0-10 m' },
      });
      expect(created.body).not.toHaveProperty('searchText');
      const patched = await admin()
        .patch(`${PARTS}/${created.body.id}`)
        .set('If-Match', created.headers.etag)
        .send({ currentMax: 0.5 })
        .expect(200);
      expect(patched.body).toMatchObject({ currentMax: 0.5, version: 2, name: created.body.name });
      await admin().delete(`${PARTS}/${created.body.id}`).expect(204);
      await viewer().get(`${PARTS}/${created.body.id}`).expect(404);
    });

    it('should create a document whose partNames and body come back as given', async () => {
      const body = documentBody({ partNames: ['HC-SR04', 'L298N'] });
      const created = await admin().post(DOCUMENTS).send(body).expect(201);
      const read = await viewer().get(`${DOCUMENTS}/${created.body.id}`).expect(200);
      expect(read.body).toMatchObject({
        title: body.title,
        body: body.body,
        partNames: ['HC-SR04', 'L298N'],
      });
    });

    it('should refuse writes by an operator and a viewer with 403, and without a token with 401, changing nothing', async () => {
      const before = await partsTotal();
      for (const client of [operator(), viewer()]) {
        expectErrorEnvelope(await client.post(PARTS).send(partBody()), 403, 'forbidden');
        expectErrorEnvelope(await client.post(DOCUMENTS).send(documentBody()), 403, 'forbidden');
      }
      expectErrorEnvelope(await anonymous().post(PARTS).send(partBody()), 401, 'unauthorized');
      expectErrorEnvelope(await anonymous().get(PARTS), 401, 'unauthorized');
      expect(await partsTotal()).toBe(before);
    });

    it('should let a viewer read and search', async () => {
      await viewer().get(PARTS).expect(200);
      await viewer().get(DOCUMENTS).expect(200);
      await viewer().get('/api/knowledge/search?q=motor').expect(200);
    });

    it.each<[string, Body, string]>([
      ['an unknown field', { colour: 'red' }, 'colour'],
      ['an unknown category', { category: 'toaster' }, 'category'],
      ['a negative voltage', { voltageMin: -1 }, 'voltageMin'],
      ['a voltage above 1000', { voltageMax: 1001 }, 'voltageMax'],
      ['voltageMin above voltageMax', { voltageMin: 12, voltageMax: 5 }, 'voltageMin'],
      ['a plain http datasheet', { datasheetUrl: 'http://example.com/a.pdf' }, 'datasheetUrl'],
      ['a javascript: datasheet', { datasheetUrl: 'javascript:alert(1)' }, 'datasheetUrl'],
      ['a control character in the description', { description: 'bad \u0002 mark' }, 'description'],
      ['an empty name', { name: '   ' }, 'name'],
      ['a pin without a function', { pinout: [{ pin: 'VCC' }] }, 'pinout.0.function'],
      ['specs that are not strings', { specs: { range: 5 } }, 'specs'],
    ])(
      'should refuse a part with %s with 400 naming %s, creating nothing',
      async (_label, overrides, field) => {
        const before = await partsTotal();
        expectValidationError(await admin().post(PARTS).send(partBody(overrides)), field);
        expect(await partsTotal()).toBe(before);
      },
    );

    it('should refuse a current of 1e309 (Infinity once parsed) with 400 naming currentMax', async () => {
      const before = await partsTotal();
      const raw = JSON.stringify(partBody({ currentMax: undefined })).replace(
        /}$/,
        ',"currentMax":1e309}',
      );
      const res = await admin().post(PARTS).set('Content-Type', 'application/json').send(raw);
      expectValidationError(res, 'currentMax');
      expect(await partsTotal()).toBe(before);
    });

    it.each<[string, Body, string]>([
      ['an unknown field', { author: 'me' }, 'author'],
      ['an unknown category', { category: 'poetry' }, 'category'],
      ['an empty body', { body: '' }, 'body'],
      ['a partNames entry that is not a string', { partNames: [42] }, 'partNames'],
    ])('should refuse a document with %s with 400 naming %s', async (_label, overrides, field) => {
      expectValidationError(await admin().post(DOCUMENTS).send(documentBody(overrides)), field);
    });

    it('should refuse a second part with the same name in other case with 409, keeping one', async () => {
      const word = uniqueWord();
      await admin()
        .post(PARTS)
        .send(partBody({ name: `Sensor ${word}` }))
        .expect(201);
      expectErrorEnvelope(
        await admin()
          .post(PARTS)
          .send(partBody({ name: `SENSOR ${word.toUpperCase()}` })),
        409,
        'conflict',
      );
      const list = await viewer().get(`${PARTS}?search=${word}`).expect(200);
      expect(list.body.total).toBe(1);
    });

    it('should refuse a malformed id with 400 and an unknown one with 404', async () => {
      expectValidationError(await viewer().get(`${PARTS}/not-a-uuid`), 'id');
      expectErrorEnvelope(await viewer().get(`${PARTS}/${UNKNOWN_V4_ID}`), 404, 'not_found');
      expectErrorEnvelope(await viewer().get(`${DOCUMENTS}/${UNKNOWN_V4_ID}`), 404, 'not_found');
    });

    it('should refuse unknown list parameters and an unknown category filter with 400', async () => {
      expectValidationError(await viewer().get(`${PARTS}?category=toaster`), 'category');
      expectValidationError(await viewer().get(`${PARTS}?limit=101`), 'limit');
      expectValidationError(await viewer().get(`${DOCUMENTS}?sort=body`), 'sort');
    });
  });

  describe('the cached lists', () => {
    it('should show a write on the very next list request (the cache is invalidated)', async () => {
      const word = uniqueWord();
      const empty = await viewer().get(`${PARTS}?search=${word}`).expect(200);
      expect(empty.body.total).toBe(0);
      await viewer().get(`${PARTS}?search=${word}`).expect(200); // now cached
      const created = await admin()
        .post(PARTS)
        .send(partBody({ name: `Cached ${word}` }))
        .expect(201);
      const after = await viewer().get(`${PARTS}?search=${word}`).expect(200);
      expect((after.body.items as Part[]).map((p) => p.id)).toEqual([created.body.id]);
      await admin()
        .patch(`${PARTS}/${created.body.id}`)
        .send({ name: `Renamed ${word}` })
        .expect(200);
      const renamed = await viewer().get(`${PARTS}?search=${word}`).expect(200);
      expect(renamed.body.items[0].name).toBe(`Renamed ${word}`);
      await admin().delete(`${PARTS}/${created.body.id}`).expect(204);
      expect((await viewer().get(`${PARTS}?search=${word}`).expect(200)).body.total).toBe(0);
    });

    it('should show a new document on the next documents list', async () => {
      const word = uniqueWord();
      expect((await viewer().get(`${DOCUMENTS}?search=${word}`).expect(200)).body.total).toBe(0);
      await admin()
        .post(DOCUMENTS)
        .send(documentBody({ title: `Doc ${word}` }))
        .expect(201);
      expect((await viewer().get(`${DOCUMENTS}?search=${word}`).expect(200)).body.total).toBe(1);
    });
  });
});
