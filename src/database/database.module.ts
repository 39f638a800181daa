import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import { CatalogChanges } from './catalog-changes';
import { WriteLock } from './write-lock';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      // Migrations run at boot so that the first command of the README gives a working schema; the
      // app never synchronises the schema from the entities.
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions(config.database),
        // Each feature module lists its own entities (TypeOrmModule.forFeature), so the app loads
        // exactly the tables of the modules it runs.
        entities: [],
        autoLoadEntities: true,
        migrationsRun: true,
        migrationsTransactionMode: 'each',
        retryAttempts: 3,
        retryDelay: 500,
      }),
    }),
  ],
  providers: [WriteLock, SqliteCheckpointer, CatalogChanges],
  exports: [WriteLock, CatalogChanges],
})
export class DatabaseModule {}
