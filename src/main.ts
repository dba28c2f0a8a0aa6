import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { createApiApp } from './api-app.js';
import { loadConfigOrExit } from './config/process-env.js';
import { installGracefulShutdown } from './platform/lifecycle/graceful-shutdown.js';

// Telemetry is already running: it is preloaded with `--import` (see package.json "start").
const config = loadConfigOrExit();
const app = await createApiApp(config);
const logger = app.get(Logger);
installGracefulShutdown(app, { ...config.shutdown, logger });
await app.listen({ port: config.http.port, host: config.http.host });
logger.log(`API listening on http://${config.http.host}:${config.http.port} (${config.app.env})`);
