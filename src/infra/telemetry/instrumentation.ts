/**
 * Preload: `node --import ./dist/src/infra/telemetry/instrumentation.js dist/src/main.js`.
 * It runs before the application's modules load, so their imports can be instrumented.
 */
import { register } from 'node:module';
import { basename } from 'node:path';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { ConfigError, loadConfig } from '../../config/load-config.js';
import { processEnv } from '../../config/process-env.js';
import { startTelemetry } from './telemetry.js';

try {
  const env = processEnv();
  const { telemetry } = loadConfig(env);
  // One variable for both entry points: unless it is set, the worker reports as conduit-worker.
  if (!env.OTEL_SERVICE_NAME && basename(process.argv[1] ?? '').startsWith('worker')) {
    telemetry.serviceName = 'conduit-worker';
  }
  if (telemetry.enabled) {
    // Only modules that an instrumentation hooks are wrapped, keeping start-up fast.
    const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
    register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
    startTelemetry(telemetry);
    await waitForAllMessagesAcknowledged();
  }
} catch (error) {
  // The entry point reports configuration errors with the full list; stay quiet here.
  if (!(error instanceof ConfigError)) throw error;
}
