import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { createApiApp } from './api-app.js';
import { loadConfigOrExit } from './config/process-env.js';
import { closeHttpServer } from './platform/http/close-http-server.js';
import { installGracefulShutdown } from './platform/lifecycle/graceful-shutdown.js';
import { InFlightRequests } from './platform/lifecycle/in-flight-requests.js';

// Telemetry is already running: it is preloaded with `--import` (see package.json "start").
const config = loadConfigOrExit();
const app = await createApiApp(config);
const logger = app.get(Logger);
installGracefulShutdown(app, {
  ...config.shutdown,
  logger,
  // Close the server first (no new connections; open ones finish their response), then wait
  // for handlers whose client already left, and only then let Nest close the pools.
  stopAccepting: async () => {
    await closeHttpServer(app);
    await app.get(InFlightRequests).idle();
  },
});
await app.listen({ port: config.http.port, host: config.http.host });
logger.log(`API listening on http://${config.http.host}:${config.http.port} (${config.app.env})`);
