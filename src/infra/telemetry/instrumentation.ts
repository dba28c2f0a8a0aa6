/**
 * Preload: `node --import ./dist/src/infra/telemetry/instrumentation.js dist/src/main.js`.
 * It runs before the application's modules load, so their imports can be instrumented.
 */
import { register } from 'node:module';
import { basename } from 'node:path';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import {
  register as registerInThread,
  supportsSyncHooks,
} from 'import-in-the-middle/register-hooks.mjs';
import { ConfigError, loadConfig } from '../../config/load-config.js';
import { processEnv } from '../../config/process-env.js';
import { startTelemetry } from './telemetry.js';

// The packages the instrumentations in telemetry.ts patch.
const INSTRUMENTED_PACKAGES = ['pg', 'pg-pool', 'ioredis'];

try {
  const env = processEnv();
  const { telemetry } = loadConfig(env);
  // One variable for both entry points: unless it is set, the worker reports as conduit-worker.
  if (!env.OTEL_SERVICE_NAME && basename(process.argv[1] ?? '').startsWith('worker')) {
    telemetry.serviceName = 'conduit-worker';
  }
  if (telemetry.enabled) {
    if (supportsSyncHooks()) {
      // In-thread hooks, for the instrumented packages only: the off-thread loader that
      // module.register() starts is a second V8 isolate (about 60 MB resident) and a message
      // round trip per imported module (ADR 0009).
      registerInThread({ include: INSTRUMENTED_PACKAGES });
      startTelemetry(telemetry);
    } else {
      const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
      register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
      startTelemetry(telemetry);
      await waitForAllMessagesAcknowledged();
    }
  }
} catch (error) {
  // The entry point reports configuration errors with the full list; stay quiet here.
  if (!(error instanceof ConfigError)) throw error;
}
