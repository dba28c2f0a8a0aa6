import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.database),
        // Entities come from each feature's TypeOrmModule.forFeature; no globbing at runtime.
        entities: [],
        migrations: [],
        autoLoadEntities: true,
        // Session settings for the service (the migration CLI goes without: an index build may be long).
        extra: {
          statement_timeout: config.database.statementTimeoutMs,
          idle_in_transaction_session_timeout: config.database.idleInTransactionTimeoutMs,
        },
        // Fail fast at boot; a supervisor restarts us. Later outages are absorbed by the pool.
        retryAttempts: 2,
        retryDelay: 1000,
      }),
    }),
  ],
})
export class DatabaseModule {}
