import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import { createApiApp } from '../../src/api-app.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { testEnv } from '../setup/test-environment.js';
import type { LogCapture } from './log-capture.js';

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
  return {
    app,
    config,
    server: app.getHttpServer(),
    close: () => app.close(),
  };
}
