import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from './helpers/create-test-app';

describe('migrations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('should build, from the migrations alone, exactly the schema the entities describe', async () => {
    const dataSource = t.app.get(DataSource);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('should record every migration as run', async () => {
    const dataSource = t.app.get(DataSource);
    expect(await dataSource.showMigrations()).toBe(false); // false: nothing left to run
    expect(dataSource.migrations.length).toBeGreaterThan(0);
  });
});
