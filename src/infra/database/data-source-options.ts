import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { TypeOrmLogger } from './typeorm-logger.js';

// Resolves to src/ (ts) or dist/src/ (js); fileURLToPath keeps glob braces intact.
const srcRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Options shared by the application's DataSource and the TypeORM CLI. */
export function dataSourceOptions(database: AppConfig['database']): DataSourceOptions {
  return {
    type: 'postgres',
    url: database.url,
    poolSize: database.poolSize,
    connectTimeoutMS: database.connectTimeoutMs,
    entities: [join(srcRoot, '**/*.entity.{ts,js}')],
    migrations: [join(srcRoot, '../migrations/*.{ts,js}')],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    // Schema changes only ever happen through reviewed migrations.
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn', 'migration'],
    logger: new TypeOrmLogger(),
    maxQueryExecutionTime: 500,
    applicationName: 'conduit',
  };
}
