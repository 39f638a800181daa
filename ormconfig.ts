import './src/config/load-env-file';
import { DataSource } from 'typeorm';
import { loadConfigFromProcessEnv } from './src/config/load-config';
import { buildDataSourceOptions } from './src/database/data-source-options';

/**
 * The TypeORM CLI's data source. It uses the same env as the app: DATABASE_URL picks PostgreSQL and
 * its migrations folder, otherwise the SQLite file at DATABASE_PATH.
 *   DATABASE_PATH=/tmp/gen.db npm run migration:generate -- src/database/migrations/sqlite/Name
 */
export default new DataSource(buildDataSourceOptions(loadConfigFromProcessEnv().database));
