import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { DataSource, type MigrationInterface } from 'typeorm';
import { AppConfig } from '../src/config/app-config';
import { validateEnv } from '../src/config/env.schema';
import { caselessKey } from '../src/common/validation/clean-text';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { InitialSchema1764000000000 as PostgresInitial } from '../src/database/migrations/postgres/1764000000000-InitialSchema';
import { RoverSafety1764100000000 as PostgresRoverSafety } from '../src/database/migrations/postgres/1764100000000-RoverSafety';
import { InitialSchema1764000000000 as SqliteInitial } from '../src/database/migrations/sqlite/1764000000000-InitialSchema';
import { RoverSafety1764100000000 as SqliteRoverSafety } from '../src/database/migrations/sqlite/1764100000000-RoverSafety';
import { loginAdmin } from './helpers/auth';
import { type CatalogApp, startCatalogApp } from './helpers/catalog-app';
import { type ErrorEnvelope, expectErrorEnvelope } from './helpers/catalog-envelope';
import {
  api,
  type Body,
  type CatalogRecord,
  COLLISION_AVOIDANCE_PATH,
  collisionAvoidanceBody,
  createRecord,
  listPage,
  NAVIGATION_PATH,
  navigationBody,
  readRecord,
  uniqueTag,
} from './helpers/catalog-fixtures';
import { createTestApp } from './helpers/create-test-app';
import { createTestDatabase, testDatabaseKind } from './helpers/test-database';

const catalogues: [string, (overrides?: Body) => Body][] = [
  [NAVIGATION_PATH, navigationBody],
  [COLLISION_AVOIDANCE_PATH, collisionAvoidanceBody],
];

/** Names the API must refuse, with what its 400 must say about them. */
const BAD_NAMES: { label: string; name: string; message: RegExp }[] = [
  {
    label: 'a lone surrogate',
    name: 'lone\ud800x',
    message: /^name must be well-formed Unicode text: .*unpaired surrogate .*U\+D800 at index 4/,
  },
  {
    label: 'a zero-width space',
    name: 'nav\u200b',
    message: /^name must not contain invisible .*zero-width .*U\+200B at index 3/,
  },
  {
    label: 'a right-to-left override',
    name: 'nav\u202egood',
    message: /^name must not contain invisible .*bidirectional .*U\+202E/,
  },
  {
    label: 'a first-strong isolate',
    name: 'nav\u2068good',
    message: /^name must not contain invisible .*U\+2068/,
  },
  { label: 'a byte-order mark', name: '\ufeffnav', message: /invisible .*U\+FEFF at index 0/ },
  { label: 'a NUL', name: 'nav\u0000good', message: /^name must not contain control .*U\+0000/ },
  { label: 'a trailing line feed', name: 'nav-good\n', message: /control .*U\+000A at index 8/ },
  { label: 'a tab', name: 'nav\tgood', message: /control .*U\+0009/ },
  {
    label: 'the replacement character',
    name: 'lone\ufffdx',
    message: /U\+FFFD, the replacement character/,
  },
  { label: 'only spaces', name: ' \u00a0 ', message: /^name must not be empty or only spaces$/ },
];

function expectNameRefused(res: Response, message: RegExp): void {
  const body: ErrorEnvelope = expectErrorEnvelope(res, 400, 'validation_failed');
  const messages = (body.details ?? [])
    .filter((d) => d.field === 'name')
    .flatMap((d) => d.messages);
  expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
}

describe('Catalogue names (e2e, issue 11: normalised, clean, unique ignoring case)', () => {
  let app: CatalogApp;
  beforeAll(async () => {
    app = await startCatalogApp();
  });
  afterAll(() => app.t.close());

  const operator = () => api(app.baseUrl, app.operator);

  describe.each(catalogues)('%s', (path, body) => {
    const totalRows = async () => (await listPage(operator(), path, 'limit=1')).total;
    const create = (overrides: Body = {}) => createRecord(operator(), path, body(overrides));
    const current = async (id: string) => (await readRecord(operator(), path, id)).record;
    /** Rows whose name equals `name` ignoring case, spaces at the ends and normalisation. */
    const countSameName = async (name: string) => {
      const page = await listPage(operator(), path, `search=${encodeURIComponent(name)}&limit=100`);
      return page.items.filter((i) => caselessKey(i.name) === caselessKey(name)).length;
    };

    describe('normalisation', () => {
      it('should store and return the name trimmed and in NFC', async () => {
        const tag = uniqueTag();
        const created = await create({ name: `\u00a0 Cafe\u0301-${tag}  ` });

        expect(created.name).toBe(`Caf\u00e9-${tag}`);
        expect((await current(created.id)).name).toBe(`Caf\u00e9-${tag}`);
        const listed = await listPage(operator(), path, `search=${tag}`);
        expect(listed.items.map((i) => i.name)).toEqual([`Caf\u00e9-${tag}`]);
      });

      it('should normalise a name given on PATCH and on PUT the same way', async () => {
        const created = await create();
        const tag = uniqueTag();
        const patched = await operator()
          .patch(`${path}/${created.id}`)
          .send({ name: ` ${tag}-E\u0301 ` });
        expect(patched.status).toBe(200);
        expect((patched.body as CatalogRecord).name).toBe(`${tag}-\u00c9`);

        const put = await operator()
          .put(`${path}/${created.id}`)
          .send(body({ name: `${tag}-put\u3000` }));
        expect(put.status).toBe(200);
        expect((await current(created.id)).name).toBe(`${tag}-put`);
      });

      it('should keep non-Latin names, emoji and inner spaces as given', async () => {
        const tag = uniqueTag();
        for (const name of [`障害物 ${tag}`, `ΟΔΟΣ ${tag}`, `rover 🚀 ${tag}`]) {
          expect((await create({ name })).name).toBe(name);
        }
      });
    });

    describe('refused names', () => {
      it.each(BAD_NAMES)(
        'should refuse $label on create with a 400 saying why and store nothing',
        async ({ name, message }) => {
          const before = await totalRows();
          expectNameRefused(await operator().post(path).send(body({ name })), message);
          expect(await totalRows()).toBe(before);
        },
      );

      it.each(BAD_NAMES)(
        'should refuse $label on PATCH and on PUT with a 400 and keep the row',
        async ({ name, message }) => {
          const created = await create();
          expectNameRefused(
            await operator().patch(`${path}/${created.id}`).send({ name }),
            message,
          );
          expectNameRefused(
            await operator().put(`${path}/${created.id}`).send(body({ name })),
            message,
          );
          expect(await current(created.id)).toEqual(created);
        },
      );

      it('should refuse a lone surrogate in the description instead of storing U+FFFD', async () => {
        const before = await totalRows();
        const res = await operator()
          .post(path)
          .send(body({ description: 'bad \udc00 half' }));
        const envelope = expectErrorEnvelope(res, 400, 'validation_failed');
        expect(envelope.details).toEqual([
          {
            field: 'description',
            messages: [expect.stringMatching(/unpaired surrogate .*U\+DC00 at index 4/)],
          },
        ]);
        expect(await totalRows()).toBe(before);
      });

      it('should keep line breaks in a description', async () => {
        const description = 'front bumper\nleft side';
        expect((await create({ description })).description).toBe(description);
      });
    });

    describe('unique ignoring case', () => {
      const variants = (base: string): [string, string][] => [
        ['upper case', base.toUpperCase()],
        ['a trailing space', `${base} `],
        ['a leading no-break space', `\u00a0${base}`],
        ['the NFD spelling', base.normalize('NFD')],
        ['mixed case and NFD', base.toUpperCase().normalize('NFD')],
      ];

      it('should refuse, with 409 conflict, every spelling that differs only in case, spaces or normalisation', async () => {
        const existing = await create({ name: `nav-g\u00f6\u00f6d-${uniqueTag()}` });
        const before = await totalRows();

        for (const [label, name] of variants(existing.name)) {
          const res = await operator().post(path).send(body({ name }));
          expect({ label, status: res.status }).toEqual({ label, status: 409 });
          const envelope = expectErrorEnvelope(res, 409, 'conflict');
          expect(envelope.message).toMatch(/already exists \(names are compared ignoring case\)/);
        }
        expect(await totalRows()).toBe(before);
        expect(await countSameName(existing.name)).toBe(1);
      });

      it('should compare with full case folding: "STRASSE" is taken by "straße"', async () => {
        const tag = uniqueTag();
        await create({ name: `stra\u00dfe-${tag}` });
        const res = await operator()
          .post(path)
          .send(body({ name: `STRASSE-${tag.toUpperCase()}` }));
        expectErrorEnvelope(res, 409, 'conflict');
      });

      it('should refuse a rename onto another record in another case on PATCH and PUT, keeping both', async () => {
        const taken = await create();
        const mine = await create();

        const patch = await operator()
          .patch(`${path}/${mine.id}`)
          .send({ name: taken.name.toUpperCase() });
        expectErrorEnvelope(patch, 409, 'conflict');
        const put = await operator()
          .put(`${path}/${mine.id}`)
          .send(body({ name: ` ${taken.name.toUpperCase()} ` }));
        expectErrorEnvelope(put, 409, 'conflict');

        expect(await current(mine.id)).toEqual(mine);
        expect(await current(taken.id)).toEqual(taken);
      });

      it('should let a record change the case of its own name', async () => {
        const created = await create();
        const res = await operator()
          .patch(`${path}/${created.id}`)
          .send({ name: created.name.toUpperCase() });
        expect(res.status).toBe(200);
        expect((await current(created.id)).name).toBe(created.name.toUpperCase());
      });

      it('should free every spelling of a deleted record’s name', async () => {
        const created = await create();
        expect((await operator().delete(`${path}/${created.id}`)).status).toBe(204);
        const again = await create({ name: created.name.toUpperCase() });
        expect(again.name).toBe(created.name.toUpperCase());
      });
    });

    describe('search', () => {
      it('should find a name in any case, in ASCII and beyond, and in either normalisation', async () => {
        const tag = uniqueTag();
        const created = await create({ name: `\u00c9cran-${tag}`, description: null });
        for (const search of [
          `\u00e9cran-${tag}`,
          `\u00c9CRAN-${tag.toUpperCase()}`,
          `e\u0301cran-${tag}`,
          tag.toUpperCase(),
        ]) {
          const page = await listPage(operator(), path, `search=${encodeURIComponent(search)}`);
          expect({ search, ids: page.items.map((i) => i.id) }).toEqual({
            search,
            ids: [created.id],
          });
        }
      });

      it('should still match the description and treat LIKE wildcards literally', async () => {
        const tag = uniqueTag();
        const created = await create({ description: `Mounted on ${tag}_100% rail` });
        await create({ description: `Mounted on ${tag}x100x rail` });
        const page = await listPage(
          operator(),
          path,
          `search=${encodeURIComponent(`${tag}_100%`)}`,
        );
        expect(page.items.map((i) => i.id)).toEqual([created.id]);
      });
    });
  });
});

describe('CatalogNameKeys migration (e2e, on rows stored before it)', () => {
  const previousMigrations = (): (new () => MigrationInterface)[] =>
    testDatabaseKind() === 'postgres'
      ? [PostgresInitial, PostgresRoverSafety]
      : [SqliteInitial, SqliteRoverSafety];

  it('should keep every record, trim and compose names, and suffix the ones that now collide', async () => {
    const db = await createTestDatabase();
    const config = new AppConfig(validateEnv({ NODE_ENV: 'test', ...db.env }));
    const old = new DataSource({
      ...buildDataSourceOptions(config.database),
      migrations: previousMigrations(),
    });
    await old.initialize();
    const rows = [
      { id: randomUUID(), name: 'nav-good', at: '2026-01-01 00:00:01.000' },
      { id: randomUUID(), name: 'NAV-GOOD', at: '2026-01-01 00:00:02.000' },
      { id: randomUUID(), name: 'nav-good ', at: '2026-01-01 00:00:03.000' },
      { id: randomUUID(), name: 'Cafe\u0301', at: '2026-01-01 00:00:04.000' },
      { id: randomUUID(), name: 'NAV-GOOD (2)', at: '2026-01-01 00:00:05.000' },
    ];
    try {
      await old.runMigrations();
      const p = (n: number) => (db.kind === 'postgres' ? `$${n}` : '?');
      for (const row of rows) {
        await old.query(
          `INSERT INTO "navigation_modules" ("id", "name", "description", "algorithm", "max_speed", "goal_tolerance", "waypoints", "enabled", "version", "created_at", "updated_at") VALUES (${p(1)}, ${p(2)}, NULL, 'a_star', 1, 0.25, '[]', ${db.kind === 'postgres' ? 'true' : '1'}, 1, ${p(3)}, ${p(4)})`,
          [row.id, row.name, row.at, row.at],
        );
      }
    } finally {
      await old.destroy();
    }

    const t = await createTestApp({ db, env: { THROTTLE_LIMIT: '1000000' } });
    try {
      const admin = api(t.baseUrl, await loginAdmin(t.baseUrl));
      const page = await listPage(admin, NAVIGATION_PATH, 'limit=100&sort=createdAt');
      expect(page.items.map((i) => [i.id, i.name])).toEqual([
        [rows[0].id, 'nav-good'],
        [rows[1].id, 'NAV-GOOD (3)'],
        [rows[2].id, 'nav-good (4)'],
        [rows[3].id, 'Caf\u00e9'],
        [rows[4].id, 'NAV-GOOD (2)'],
      ]);
      const duplicate = await admin
        .post(NAVIGATION_PATH)
        .send(navigationBody({ name: 'Nav-Good' }));
      expectErrorEnvelope(duplicate, 409, 'conflict');
      const renamed = await admin
        .patch(`${NAVIGATION_PATH}/${rows[1].id}`)
        .send({ name: 'nav-better' });
      expect(renamed.status).toBe(200);
    } finally {
      await t.close();
      await db.drop();
    }
  });
});
