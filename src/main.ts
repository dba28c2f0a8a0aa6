import 'reflect-metadata';
import { createApiApp } from './api-app.js';
import { AppLogger } from './infra/logger/app-logger.js';
import { loadConfigOrExit } from './config/process-env.js';
import { closeHttpServer } from './platform/http/close-http-server.js';
import { installGracefulShutdown } from './platform/lifecycle/graceful-shutdown.js';
import { InFlightRequests } from './platform/lifecycle/in-flight-requests.js';

// Telemetry is already running: it is preloaded with `--import` (see package.json "start").
const config = loadConfigOrExit();
const app = await createApiApp(config);
const logger = app.get(AppLogger);
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
if (config.auth.generatedSecret) {
  // Once per process: tokens signed before a restart stop working, which is the point.
  logger.warn(
    'JWT_SECRET is not set: this process signs tokens with a random secret made at start-up; they stop working when it restarts (set JWT_SECRET to keep sessions across restarts or share them between instances)',
  );
}
await app.listen({ port: config.http.port, host: config.http.host });
logger.log(`API listening on http://${config.http.host}:${config.http.port} (${config.app.env})`);
