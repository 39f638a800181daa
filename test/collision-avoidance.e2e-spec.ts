import { CollisionAvoidanceController } from '../src/collision-avoidance/collision-avoidance.controller';
import { type CatalogApp, startCatalogApp } from './helpers/catalog-app';
import { describeCatalogContract } from './helpers/catalog-contract';
import { expectValidationError } from './helpers/catalog-envelope';
import {
  api,
  type Body,
  type CatalogRecord,
  COLLISION_AVOIDANCE_PATH,
  collisionAvoidanceBody,
  createRecord,
  listPage,
  readRecord,
  uniqueName,
  without,
} from './helpers/catalog-fixtures';

const path = COLLISION_AVOIDANCE_PATH;

describe(`${CollisionAvoidanceController.name} (e2e, API.md §2)`, () => {
  let app: CatalogApp;
  beforeAll(async () => {
    app = await startCatalogApp();
  });
  afterAll(() => app.t.close());

  const operator = () => api(app.baseUrl, app.operator);
  const totalRows = async () => (await listPage(operator(), path, 'limit=1')).total;
  const create = (overrides: Body = {}) =>
    createRecord(operator(), path, collisionAvoidanceBody(overrides));
  const current = async (id: string) => (await readRecord(operator(), path, id)).record;

  describeCatalogContract(
    {
      path,
      body: collisionAvoidanceBody,
      change: { sensorType: 'lidar' },
      requiredField: 'sensorType',
    },
    () => app,
  );

  describe('fields', () => {
    it.each(['ultrasonic', 'lidar', 'infrared', 'bumper', 'camera'])(
      'should accept the sensorType %s',
      async (sensorType) => {
        expect((await create({ sensorType })).sensorType).toBe(sensorType);
      },
    );

    it.each<[string, Body]>([
      ['a 100-character name', { name: uniqueName('long').padEnd(100, 'x') }],
      ['detectionRange 100 (the maximum)', { detectionRange: 100 }],
      ['detectionRange just above minDistance', { minDistance: 2, detectionRange: 2.001 }],
      ['a tiny positive minDistance', { minDistance: 0.001 }],
      ['reaction stop without slowdownFactor', { reaction: 'stop' }],
      ['reaction steer with slowdownFactor null', { reaction: 'steer', slowdownFactor: null }],
      ['reaction slow with slowdownFactor 0', { reaction: 'slow', slowdownFactor: 0 }],
      ['reaction slow with slowdownFactor 1', { reaction: 'slow', slowdownFactor: 1 }],
      ['reaction slow with slowdownFactor 0.5', { reaction: 'slow', slowdownFactor: 0.5 }],
      ['enabled false', { enabled: false }],
    ])('should accept %s and return it unchanged', async (_label, overrides) => {
      const body = collisionAvoidanceBody(overrides);
      const res = await operator().post(path).send(body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject(body);
      expect(await current((res.body as CatalogRecord).id)).toMatchObject(body);
    });

    it('should report slowdownFactor as null for a reaction other than slow', async () => {
      const created = await create({ reaction: 'steer' });
      expect(created.slowdownFactor).toBeNull();
      expect(Object.keys(created)).toContain('slowdownFactor');
    });

    const set = (fields: Body) => (b: Body) => ({ ...b, ...fields });
    const drop = (field: string) => (b: Body) => without(b, field);

    it.each<{ label: string; field: string; mutate: (body: Body) => Body }>([
      { label: 'an empty name', field: 'name', mutate: set({ name: '' }) },
      { label: 'a 101-character name', field: 'name', mutate: set({ name: 'n'.repeat(101) }) },
      { label: 'no name', field: 'name', mutate: drop('name') },
      { label: 'an unknown sensorType', field: 'sensorType', mutate: set({ sensorType: 'sonar' }) },
      { label: 'no sensorType', field: 'sensorType', mutate: drop('sensorType') },
      { label: 'minDistance 0', field: 'minDistance', mutate: set({ minDistance: 0 }) },
      { label: 'a negative minDistance', field: 'minDistance', mutate: set({ minDistance: -1 }) },
      { label: 'a string minDistance', field: 'minDistance', mutate: set({ minDistance: '0.3' }) },
      { label: 'no minDistance', field: 'minDistance', mutate: drop('minDistance') },
      {
        label: 'detectionRange above 100',
        field: 'detectionRange',
        mutate: set({ detectionRange: 100.01 }),
      },
      {
        label: 'detectionRange equal to minDistance',
        field: 'detectionRange',
        mutate: set({ minDistance: 2, detectionRange: 2 }),
      },
      {
        label: 'detectionRange below minDistance',
        field: 'detectionRange',
        mutate: set({ minDistance: 3, detectionRange: 1 }),
      },
      { label: 'no detectionRange', field: 'detectionRange', mutate: drop('detectionRange') },
      { label: 'an unknown reaction', field: 'reaction', mutate: set({ reaction: 'brake' }) },
      { label: 'no reaction', field: 'reaction', mutate: drop('reaction') },
      {
        label: 'reaction slow without slowdownFactor',
        field: 'slowdownFactor',
        mutate: set({ reaction: 'slow' }),
      },
      {
        label: 'reaction slow with slowdownFactor null',
        field: 'slowdownFactor',
        mutate: set({ reaction: 'slow', slowdownFactor: null }),
      },
      {
        label: 'a negative slowdownFactor',
        field: 'slowdownFactor',
        mutate: set({ reaction: 'slow', slowdownFactor: -0.1 }),
      },
      {
        label: 'slowdownFactor above 1',
        field: 'slowdownFactor',
        mutate: set({ reaction: 'slow', slowdownFactor: 1.01 }),
      },
      {
        label: 'a string slowdownFactor',
        field: 'slowdownFactor',
        mutate: set({ reaction: 'slow', slowdownFactor: '0.5' }),
      },
      {
        label: 'slowdownFactor with reaction stop',
        field: 'slowdownFactor',
        mutate: set({ reaction: 'stop', slowdownFactor: 0.5 }),
      },
      {
        label: 'slowdownFactor with reaction steer',
        field: 'slowdownFactor',
        mutate: set({ reaction: 'steer', slowdownFactor: 0 }),
      },
      {
        label: 'a 1001-character description',
        field: 'description',
        mutate: set({ description: 'd'.repeat(1001) }),
      },
      { label: 'enabled as a number', field: 'enabled', mutate: set({ enabled: 1 }) },
    ])(
      'should refuse $label on create with a 400 naming $field and create nothing',
      async ({ field, mutate }) => {
        const before = await totalRows();
        const res = await operator().post(path).send(mutate(collisionAvoidanceBody()));
        expectValidationError(res, field);
        expect(await totalRows()).toBe(before);
      },
    );
  });

  describe('detectionRange against minDistance on writes that change one of them', () => {
    it.each<{ label: string; patch: Body }>([
      { label: 'minDistance raised above detectionRange', patch: { minDistance: 5 } },
      { label: 'minDistance raised to detectionRange', patch: { minDistance: 4 } },
      { label: 'detectionRange lowered below minDistance', patch: { detectionRange: 0.2 } },
      { label: 'detectionRange lowered to minDistance', patch: { detectionRange: 0.3 } },
      { label: 'detectionRange raised above 100', patch: { detectionRange: 100.5 } },
    ])(
      'should refuse a PATCH with $label with a 400 naming detectionRange and keep the row',
      async ({ patch }) => {
        const created = await create({ minDistance: 0.3, detectionRange: 4 });
        const res = await operator().patch(`${path}/${created.id}`).send(patch);
        expectValidationError(res, 'detectionRange');
        expect(await current(created.id)).toEqual(created);
      },
    );

    it('should accept a PATCH that moves both bounds together', async () => {
      const created = await create({ minDistance: 0.3, detectionRange: 4 });
      const res = await operator()
        .patch(`${path}/${created.id}`)
        .send({ minDistance: 5, detectionRange: 6 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ minDistance: 5, detectionRange: 6, version: 2 });
    });

    it('should refuse a PUT whose detectionRange is not above its minDistance and keep the row', async () => {
      const created = await create();
      const res = await operator()
        .put(`${path}/${created.id}`)
        .send(collisionAvoidanceBody({ name: created.name, minDistance: 8, detectionRange: 7 }));
      expectValidationError(res, 'detectionRange');
      expect(await current(created.id)).toEqual(created);
    });
  });

  describe('slowdownFactor goes with reaction "slow"', () => {
    it('should refuse a PATCH from slow to stop that leaves slowdownFactor set, and keep the row', async () => {
      const created = await create({ reaction: 'slow', slowdownFactor: 0.5 });
      const res = await operator().patch(`${path}/${created.id}`).send({ reaction: 'stop' });
      expectValidationError(res, 'slowdownFactor');
      expect(await current(created.id)).toEqual(created);
    });

    it('should accept a PATCH from slow to stop with slowdownFactor: null', async () => {
      const created = await create({ reaction: 'slow', slowdownFactor: 0.5 });
      const res = await operator()
        .patch(`${path}/${created.id}`)
        .send({ reaction: 'stop', slowdownFactor: null });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ reaction: 'stop', slowdownFactor: null, version: 2 });
      expect(await current(created.id)).toEqual(res.body);
    });

    it('should refuse a PATCH from stop to slow without a slowdownFactor, and keep the row', async () => {
      const created = await create({ reaction: 'stop' });
      const res = await operator().patch(`${path}/${created.id}`).send({ reaction: 'slow' });
      expectValidationError(res, 'slowdownFactor');
      expect(await current(created.id)).toEqual(created);
    });

    it('should accept a PATCH from stop to slow with a slowdownFactor', async () => {
      const created = await create({ reaction: 'stop' });
      const res = await operator()
        .patch(`${path}/${created.id}`)
        .send({ reaction: 'slow', slowdownFactor: 0.25 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ reaction: 'slow', slowdownFactor: 0.25 });
    });

    it('should refuse a PATCH that clears the slowdownFactor of a slow module', async () => {
      const created = await create({ reaction: 'slow', slowdownFactor: 0.5 });
      const res = await operator().patch(`${path}/${created.id}`).send({ slowdownFactor: null });
      expectValidationError(res, 'slowdownFactor');
      expect(await current(created.id)).toEqual(created);
    });

    it('should refuse a PATCH that sets a slowdownFactor on a stop module', async () => {
      const created = await create({ reaction: 'stop' });
      const res = await operator().patch(`${path}/${created.id}`).send({ slowdownFactor: 0.5 });
      expectValidationError(res, 'slowdownFactor');
      expect(await current(created.id)).toEqual(created);
    });

    it('should refuse a PATCH with slowdownFactor above 1 on a slow module', async () => {
      const created = await create({ reaction: 'slow', slowdownFactor: 0.5 });
      const res = await operator().patch(`${path}/${created.id}`).send({ slowdownFactor: 1.5 });
      expectValidationError(res, 'slowdownFactor');
      expect(await current(created.id)).toEqual(created);
    });

    it('should change only the slowdownFactor of a slow module on PATCH', async () => {
      const created = await create({ reaction: 'slow', slowdownFactor: 0.5 });
      const res = await operator().patch(`${path}/${created.id}`).send({ slowdownFactor: 0.8 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ reaction: 'slow', slowdownFactor: 0.8 });
    });

    it('should clear slowdownFactor on a PUT from slow to steer that leaves it out', async () => {
      const created = await create({ reaction: 'slow', slowdownFactor: 0.5 });
      const res = await operator()
        .put(`${path}/${created.id}`)
        .send(collisionAvoidanceBody({ name: created.name, reaction: 'steer' }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ reaction: 'steer', slowdownFactor: null });
    });

    it('should refuse a PUT with reaction slow and no slowdownFactor, even if the row has one', async () => {
      const created = await create({ reaction: 'slow', slowdownFactor: 0.5 });
      const res = await operator()
        .put(`${path}/${created.id}`)
        .send(collisionAvoidanceBody({ name: created.name, reaction: 'slow' }));
      expectValidationError(res, 'slowdownFactor');
      expect(await current(created.id)).toEqual(created);
    });
  });
});
