/**
 * Preload: `node --import ./dist/src/infra/telemetry/instrumentation.js dist/src/main.js`.
 * It runs before the application's modules load, so their imports can be instrumented.
 */
import { preloadTelemetry } from './preload.js';

await preloadTelemetry();
