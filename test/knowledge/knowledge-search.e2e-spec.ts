import { type CatalogApp, startCatalogApp } from '../helpers/catalog-app';
import { expectErrorEnvelope, expectValidationError } from '../helpers/catalog-envelope';
import { api } from '../helpers/catalog-fixtures';
import {
  documentBody,
  DOCUMENTS,
  PARTS,
  partBody,
  SEARCH,
  type SearchPage,
  uniqueWord,
} from './knowledge-fixtures';

describe('Knowledge search (e2e, API.md §8)', () => {
  let app: CatalogApp;
  beforeAll(async () => {
    app = await startCatalogApp();
  });
  afterAll(() => app.t.close());

  const admin = () => api(app.baseUrl, app.admin);
  const viewer = () => api(app.baseUrl, app.viewer);
  const search = async (q: string, extra = ''): Promise<SearchPage> => {
    const res = await viewer().get(`${SEARCH}?q=${encodeURIComponent(q)}${extra}`);
    if (res.status !== 200)
      throw new Error(`search ${q}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as SearchPage;
  };

  it('should find the HC-SR04 for "ultrasonic 5V", with the matches marked in its snippet', async () => {
    const page = await search('ultrasonic 5V');
    const hit = page.items.find((item) => item.title === 'HC-SR04');
    expect(hit).toMatchObject({ kind: 'part', id: expect.any(String), score: expect.any(Number) });
    expect(hit!.snippet).toMatch(/<mark>ultrasonic<\/mark>/i);
    expect(page.total).toBeGreaterThanOrEqual(page.items.length);
  });

  it('should rank the part that is an ultrasonic sensor above parts that only mention one', async () => {
    const parts = (await search('ultrasonic 5V')).items.filter((item) => item.kind === 'part');
    expect(parts[0].title).toBe('HC-SR04');
  });

  it('should rank parts and documents together: a search finds the L298N and a guide about it', async () => {
    const page = await search('L298N');
    const kinds = new Set(page.items.map((item) => item.kind));
    expect(kinds).toEqual(new Set(['part', 'document']));
    const scores = page.items.map((item) => item.score);
    expect(page.items.length).toBeGreaterThan(1);
    expect(typeof scores[0]).toBe('number');
  });

  it('should find a part by words of its description only', async () => {
    const word = uniqueWord();
    const created = await admin()
      .post(PARTS)
      .send(
        partBody({
          name: `Widget ${uniqueWord()}`,
          description: `Measures ${word} flux precisely`,
        }),
      )
      .expect(201);
    const page = await search(`${word} flux`);
    expect(page.items.map((i) => i.id)).toEqual([created.body.id]);
    expect(page.items[0].snippet).toContain(`<mark>${word}</mark>`);
  });

  it('should find a part by a pin function and a spec, which live outside its description', async () => {
    const word = uniqueWord();
    const created = await admin()
      .post(PARTS)
      .send(
        partBody({
          pinout: [{ pin: 'X1', function: `${word} output` }],
          specs: { accuracy: `${word}grade` },
        }),
      )
      .expect(201);
    expect((await search(word)).items.map((i) => i.id)).toEqual([created.body.id]);
  });

  it('should rank an exact name first, above a record that repeats the word more', async () => {
    const word = uniqueWord();
    const noisy = await admin()
      .post(PARTS)
      .send(
        partBody({
          name: `${word} shield kit`,
          description: `${word} ${word} ${word}, a ${word} for the ${word}`,
        }),
      )
      .expect(201);
    const exact = await admin()
      .post(PARTS)
      .send(partBody({ name: word, description: 'A plain board' }))
      .expect(201);
    const page = await search(word.toUpperCase());
    expect(page.items.map((i) => i.id)).toEqual([exact.body.id, noisy.body.id]);
  });

  it('should follow writes at once: an update is found by its new words, a delete is gone', async () => {
    const before = uniqueWord();
    const after = uniqueWord();
    const created = await admin()
      .post(PARTS)
      .send(partBody({ description: `${before} sensor` }))
      .expect(201);
    expect((await search(before)).total).toBe(1);
    await admin()
      .patch(`${PARTS}/${created.body.id}`)
      .send({ description: `${after} sensor` })
      .expect(200);
    expect((await search(before)).total).toBe(0);
    expect((await search(after)).items.map((i) => i.id)).toEqual([created.body.id]);
    await admin().delete(`${PARTS}/${created.body.id}`).expect(204);
    expect((await search(after)).total).toBe(0);
  });

  it('should find documents by their body and filter with ?kind', async () => {
    const word = uniqueWord();
    const doc = await admin()
      .post(DOCUMENTS)
      .send(documentBody({ body: `## Step one\n\nTighten the ${word} screw terminal.` }))
      .expect(201);
    const part = await admin()
      .post(PARTS)
      .send(partBody({ description: `The ${word} terminal` }))
      .expect(201);
    const both = await search(word);
    expect(new Set(both.items.map((i) => i.id))).toEqual(new Set([doc.body.id, part.body.id]));
    const docsOnly = await search(word, '&kind=document');
    expect(docsOnly.items.map((i) => i.id)).toEqual([doc.body.id]);
    expect(docsOnly.total).toBe(1);
    expect(docsOnly.items[0].snippet).not.toMatch(/#/);
  });

  it('should escape stored markup in snippets, so only <mark> is HTML', async () => {
    const word = uniqueWord();
    await admin()
      .post(DOCUMENTS)
      .send(documentBody({ body: `<img src=x onerror=alert(1)> ${word} & "quotes"` }))
      .expect(201);
    const [hit] = (await search(word)).items;
    expect(hit.snippet).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(hit.snippet).toContain('&amp;');
    expect(hit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it.each([
    '"',
    '"unbalanced',
    '*',
    'motor*',
    'NEAR(motor driver)',
    'motor OR sensor',
    'motor AND NOT sensor',
    '-motor',
    'title:motor',
    'body:',
    '((motor',
    'motor)',
    '^motor',
    "'; DROP TABLE parts; --",
    'motor & | ! <-> :*',
    '{ } [ ] \\',
  ])('should take %j as plain words: 200, no error, nothing changed', async (q) => {
    const before = (await viewer().get(`${PARTS}?limit=1`).expect(200)).body.total;
    const page = await search(q);
    expect(Array.isArray(page.items)).toBe(true);
    expect(page.total).toBeGreaterThanOrEqual(0);
    expect((await viewer().get(`${PARTS}?limit=1`).expect(200)).body.total).toBe(before);
  });

  it('should not read OR as an operator: "motor OR zzqqxxnothing" needs every word', async () => {
    expect((await search('motor OR zzqqxxnothing')).total).toBe(0);
    expect((await search('motor')).total).toBeGreaterThan(0);
  });

  it.each([
    ['an empty q', ''],
    ['a q of spaces', '   '],
    ['a 10 KB q', 'a'.repeat(10 * 1024)],
  ])('should refuse %s with 400 naming q', async (_label, q) => {
    expectValidationError(await viewer().get(`${SEARCH}?q=${encodeURIComponent(q)}`), 'q');
  });

  it('should refuse a missing q, a repeated q and an unknown kind with 400', async () => {
    expectValidationError(await viewer().get(SEARCH), 'q');
    expectValidationError(await viewer().get(`${SEARCH}?q=a&q=b`), 'q');
    expectValidationError(await viewer().get(`${SEARCH}?q=motor&kind=robot`), 'kind');
    expectValidationError(await viewer().get(`${SEARCH}?q=motor&color=red`), 'color');
  });

  it('should page results with total counting every match', async () => {
    const all = await search('motor', '&limit=100');
    expect(all.total).toBeGreaterThan(2);
    const first = await search('motor', '&limit=2&page=1');
    const second = await search('motor', '&limit=2&page=2');
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(all.total);
    expect(second.items.map((i) => i.id)).toEqual(all.items.slice(2, 4).map((i) => i.id));
    const beyond = await search('motor', '&page=1000&limit=100');
    expect(beyond).toMatchObject({ items: [], total: all.total });
  });

  it('should refuse a search without a token with 401', async () => {
    expectErrorEnvelope(await api(app.baseUrl).get(`${SEARCH}?q=motor`), 401, 'unauthorized');
  });
});
