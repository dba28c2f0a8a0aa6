import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Redis } from 'ioredis';
import type { Server } from 'node:http';
import { createApiApp } from '../../src/api-app.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { REDIS } from '../../src/infra/redis/redis.module.js';
import { testEnv } from '../setup/test-environment.js';
import type { LogCapture } from './log-capture.js';
import { waitFor } from './wait-for.js';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** The Node server for supertest. */
  server: Server;
  close(): Promise<void>;
}

/** The real API (Fastify, Postgres, Redis) in-process, on this run's database and key prefix. */
export async function startTestApp(
  env: Record<string, string> = {},
  logs?: LogCapture,
): Promise<TestApp> {
  const config = loadConfig({ ...testEnv(), ...(logs ? { LOG_LEVEL: 'info' } : {}), ...env });
  const app = await createApiApp(config, { logDestination: logs });
  // The API boots without waiting for Redis (it must boot while Redis is down), so on a busy
  // machine the first request could beat the connection. On the run's Redis, start connected.
  if (!env.REDIS_URL) {
    const redis = app.get<Redis>(REDIS);
    await waitFor(() => redis.status === 'ready', {
      description: 'the API to connect to Redis',
    }).catch(async (error: unknown) => {
      await app.close();
      throw error;
    });
  }
  return {
    app,
    config,
    server: app.getHttpServer(),
    close: () => app.close(),
  };
}
