import { register } from 'node:module';
import { basename } from 'node:path';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
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

export interface PreloadOptions {
  /**
   * Where finished spans go instead of the configured exporter. Only code can pass one (the
   * trace-tree test's preload keeps spans in memory); no variable selects it, so a deployment
   * cannot end up buffering every span of its life.
   */
  spanProcessor?: SpanProcessor;
}

/**
 * Everything the `--import` preload does: loader hooks for the instrumented packages, then the
 * tracer provider, before the application's modules load.
 */
export async function preloadTelemetry(options: PreloadOptions = {}): Promise<void> {
  try {
    const env = processEnv();
    const { telemetry } = loadConfig(env);
    // One variable for both entry points: unless it is set, the worker reports as conduit-worker.
    if (!env.OTEL_SERVICE_NAME && basename(process.argv[1] ?? '').startsWith('worker')) {
      telemetry.serviceName = 'conduit-worker';
    }
    if (!telemetry.enabled) return;
    if (supportsSyncHooks()) {
      // In-thread hooks, for the instrumented packages only: the off-thread loader that
      // module.register() starts is a second V8 isolate (about 60 MB resident) and a message
      // round trip per imported module (ADR 0009).
      registerInThread({ include: INSTRUMENTED_PACKAGES });
      startTelemetry(telemetry, options.spanProcessor);
    } else {
      const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
      register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
      startTelemetry(telemetry, options.spanProcessor);
      await waitForAllMessagesAcknowledged();
    }
  } catch (error) {
    // The entry point reports configuration errors with the full list; stay quiet here.
    if (!(error instanceof ConfigError)) throw error;
  }
}
