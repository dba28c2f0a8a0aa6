import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { Metrics } from '../metrics/metrics.js';
import { recordPoolMetrics, timeQueries } from '../metrics/postgres-metrics.js';
import { dataSourceOptions } from './data-source-options.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG, Metrics],
      useFactory: (config: AppConfig, metrics: Metrics) => ({
        ...dataSourceOptions(config.database),
        // Entities come from each feature's TypeOrmModule.forFeature; no globbing at runtime.
        entities: [],
        migrations: [],
        autoLoadEntities: true,
        // Session settings for the service (the migration CLI goes without: an index build may be
        // long), and pg-pool's hook on each new connection, which times its queries.
        extra: {
          statement_timeout: config.database.statementTimeoutMs,
          idle_in_transaction_session_timeout: config.database.idleInTransactionTimeoutMs,
          onConnect: (client: PoolClient) => timeQueries(client, metrics),
        },
        // Fail fast at boot; a supervisor restarts us. Later outages are absorbed by the pool.
        retryAttempts: 2,
        retryDelay: 1000,
      }),
    }),
  ],
})
export class DatabaseModule implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    // TypeORM's Postgres driver keeps its pg Pool as `master` (no read replicas here).
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    if (pool) recordPoolMetrics(this.metrics, pool, 'primary');
  }
}
