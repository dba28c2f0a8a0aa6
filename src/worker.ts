import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppLogger } from './infra/logger/app-logger.js';
import { loadConfigOrExit } from './config/process-env.js';
import { installGracefulShutdown } from './platform/lifecycle/graceful-shutdown.js';
import { WorkerModule } from './worker.module.js';

// A Nest application context: job processors and connections, no HTTP server.
const config = loadConfigOrExit();
const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
  bufferLogs: true,
  abortOnError: false,
});
const logger = app.get(AppLogger);
app.useLogger(logger);
await app.init();
// No load balancer sends the worker requests: nothing to wait for before it stops taking jobs.
installGracefulShutdown(app, { ...config.shutdown, drainDelayMs: 0, logger });
logger.log(
  `worker started (${config.app.env}), concurrency ${config.worker.concurrency}, images ${config.images.concurrency} at nice ${config.images.nice}`,
);
