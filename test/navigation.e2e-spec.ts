import { NavigationController } from '../src/navigation/navigation.controller';
import { type CatalogApp, startCatalogApp } from './helpers/catalog-app';
import { describeCatalogContract } from './helpers/catalog-contract';
import { expectValidationError } from './helpers/catalog-envelope';
import {
  api,
  type Body,
  type CatalogRecord,
  createRecord,
  listPage,
  NAVIGATION_PATH,
  navigationBody,
  readRecord,
  uniqueName,
  without,
} from './helpers/catalog-fixtures';

const path = NAVIGATION_PATH;

const waypoints = (count: number) => Array.from({ length: count }, (_, i) => ({ x: i, y: 2 * i }));

describe(`${NavigationController.name} (e2e, API.md §2)`, () => {
  let app: CatalogApp;
  beforeAll(async () => {
    app = await startCatalogApp();
  });
  afterAll(() => app.t.close());

  const operator = () => api(app.baseUrl, app.operator);
  const totalRows = async () => (await listPage(operator(), path, 'limit=1')).total;

  describeCatalogContract(
    { path, body: navigationBody, change: { maxSpeed: 3.5 }, requiredField: 'algorithm' },
    () => app,
  );

  describe('fields', () => {
    it('should store waypoints exactly, with heading only where it was given', async () => {
      const given = [
        { x: 0, y: 0 },
        { x: -3.25, y: 7.5, heading: -1.5 },
        { x: 1e6, y: -1e6, heading: 0 },
      ];
      const created = await createRecord(operator(), path, navigationBody({ waypoints: given }));
      expect(created.waypoints).toEqual(given);
      expect((await readRecord(operator(), path, created.id)).record.waypoints).toEqual(given);
    });

    it('should replace the whole waypoint list on PATCH { waypoints }', async () => {
      const created = await createRecord(operator(), path, navigationBody());
      const res = await operator()
        .patch(`${path}/${created.id}`)
        .send({ waypoints: [{ x: 9, y: 9 }] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ waypoints: [{ x: 9, y: 9 }], maxSpeed: created.maxSpeed });
    });

    it.each(['a_star', 'dijkstra', 'rrt', 'dwa', 'pure_pursuit'])(
      'should accept the algorithm %s',
      async (algorithm) => {
        const created = await createRecord(operator(), path, navigationBody({ algorithm }));
        expect(created.algorithm).toBe(algorithm);
      },
    );

    it.each<[string, Body]>([
      ['a 1-character name', { name: 'n' }],
      ['a 100-character name', { name: uniqueName('long').padEnd(100, 'x') }],
      ['maxSpeed 5 (the maximum)', { maxSpeed: 5 }],
      ['a tiny positive maxSpeed', { maxSpeed: 0.001 }],
      ['goalTolerance 10 (the maximum)', { goalTolerance: 10 }],
      ['a tiny positive goalTolerance', { goalTolerance: 0.0001 }],
      ['no waypoints', { waypoints: [] }],
      ['1000 waypoints (the maximum)', { waypoints: waypoints(1000) }],
      [
        'headings of exactly ±π',
        {
          waypoints: [
            { x: 0, y: 0, heading: Math.PI },
            { x: 1, y: 1, heading: -Math.PI },
          ],
        },
      ],
      ['a 1000-character description', { description: 'd'.repeat(1000) }],
      ['a null description', { description: null }],
      ['enabled false', { enabled: false }],
    ])('should accept %s and return it unchanged', async (_label, overrides) => {
      const body = navigationBody(overrides);
      const res = await operator().post(path).send(body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject(body);
      const stored = (await readRecord(operator(), path, (res.body as CatalogRecord).id)).record;
      expect(stored).toMatchObject(body);
    });

    const wp = (list: unknown[]) => (b: Body) => ({ ...b, waypoints: list });
    const set = (field: string, value: unknown) => (b: Body) => ({ ...b, [field]: value });
    const drop = (field: string) => (b: Body) => without(b, field);

    it.each<{ label: string; field: string; mutate: (body: Body) => Body }>([
      { label: 'an empty name', field: 'name', mutate: set('name', '') },
      { label: 'a 101-character name', field: 'name', mutate: set('name', 'n'.repeat(101)) },
      { label: 'no name', field: 'name', mutate: drop('name') },
      { label: 'a numeric name', field: 'name', mutate: set('name', 42) },
      { label: 'an unknown algorithm', field: 'algorithm', mutate: set('algorithm', 'astar') },
      { label: 'an upper-case algorithm', field: 'algorithm', mutate: set('algorithm', 'A_STAR') },
      { label: 'no algorithm', field: 'algorithm', mutate: drop('algorithm') },
      { label: 'maxSpeed 0', field: 'maxSpeed', mutate: set('maxSpeed', 0) },
      { label: 'a negative maxSpeed', field: 'maxSpeed', mutate: set('maxSpeed', -1) },
      { label: 'maxSpeed above 5', field: 'maxSpeed', mutate: set('maxSpeed', 5.001) },
      { label: 'no maxSpeed', field: 'maxSpeed', mutate: drop('maxSpeed') },
      { label: 'goalTolerance 0', field: 'goalTolerance', mutate: set('goalTolerance', 0) },
      {
        label: 'a negative goalTolerance',
        field: 'goalTolerance',
        mutate: set('goalTolerance', -0.5),
      },
      {
        label: 'goalTolerance above 10',
        field: 'goalTolerance',
        mutate: set('goalTolerance', 10.01),
      },
      { label: '1001 waypoints', field: 'waypoints', mutate: wp(waypoints(1001)) },
      {
        label: 'waypoints as an object',
        field: 'waypoints',
        mutate: set('waypoints', { x: 1, y: 2 }),
      },
      { label: 'no waypoints field', field: 'waypoints', mutate: drop('waypoints') },
      {
        label: 'a waypoint without y',
        field: 'waypoints.1.y',
        mutate: wp([{ x: 0, y: 0 }, { x: 1 }]),
      },
      {
        label: 'a waypoint with a string x',
        field: 'waypoints.0.x',
        mutate: wp([{ x: '1', y: 0 }]),
      },
      {
        label: 'a heading above π',
        field: 'waypoints.0.heading',
        mutate: wp([{ x: 0, y: 0, heading: 4 }]),
      },
      {
        label: 'a null heading',
        field: 'waypoints.0.heading',
        mutate: wp([{ x: 0, y: 0, heading: null }]),
      },
      {
        label: 'a waypoint with an unknown field',
        field: 'waypoints.0.z',
        mutate: wp([{ x: 0, y: 0, z: 1 }]),
      },
      {
        label: 'a 1001-character description',
        field: 'description',
        mutate: set('description', 'd'.repeat(1001)),
      },
      { label: 'enabled as the string "true"', field: 'enabled', mutate: set('enabled', 'true') },
      { label: 'no enabled', field: 'enabled', mutate: drop('enabled') },
    ])(
      'should refuse $label on create with a 400 naming $field and create nothing',
      async ({ field, mutate }) => {
        const before = await totalRows();
        const res = await operator().post(path).send(mutate(navigationBody()));
        expectValidationError(res, field);
        expect(await totalRows()).toBe(before);
      },
    );

    it.each<{ label: string; field: string; patch: Body }>([
      { label: 'maxSpeed above 5', field: 'maxSpeed', patch: { maxSpeed: 6 } },
      { label: 'goalTolerance 0', field: 'goalTolerance', patch: { goalTolerance: 0 } },
      { label: 'an unknown algorithm', field: 'algorithm', patch: { algorithm: 'teleport' } },
      { label: 'an empty name', field: 'name', patch: { name: '' } },
      { label: 'a 101-character name', field: 'name', patch: { name: 'n'.repeat(101) } },
      { label: '1001 waypoints', field: 'waypoints', patch: { waypoints: waypoints(1001) } },
      { label: 'a waypoint without x', field: 'waypoints.0.x', patch: { waypoints: [{ y: 1 }] } },
    ])(
      'should refuse a PATCH with $label with a 400 naming $field and keep the row',
      async ({ field, patch }) => {
        const created = await createRecord(operator(), path, navigationBody());
        const res = await operator().patch(`${path}/${created.id}`).send(patch);
        expectValidationError(res, field);
        expect((await readRecord(operator(), path, created.id)).record).toEqual(created);
      },
    );

    it('should refuse a PUT with an out-of-bounds field with a 400 naming it and keep the row', async () => {
      const created = await createRecord(operator(), path, navigationBody());
      const res = await operator()
        .put(`${path}/${created.id}`)
        .send(navigationBody({ name: created.name, goalTolerance: 11 }));
      expectValidationError(res, 'goalTolerance');
      expect((await readRecord(operator(), path, created.id)).record).toEqual(created);
    });
  });
});
