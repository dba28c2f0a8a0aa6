import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { loadConfig } from '../../src/config/load-config.js';
import { shutdownTelemetry, startTelemetry } from '../../src/infra/telemetry/telemetry.js';
import type { LogCapture } from './log-capture.js';
import { startTestApp, type TestApp } from './test-app.js';

export interface TracedTestApp extends TestApp {
  /** The spans recorded so far. */
  spans: InMemorySpanExporter;
}

/**
 * The in-process test app with tracing on, its spans kept in memory. The server span is the
 * service's own Fastify hook on the OpenTelemetry API, so a tracer provider in this process is
 * all it needs (no preload). With no exporter configured, only traces a caller sampled (a
 * `traceparent` with flags 01) are recorded. `close()` also stops tracing.
 */
export async function startTracedTestApp(logs: LogCapture): Promise<TracedTestApp> {
  const spans = new InMemorySpanExporter();
  const { telemetry } = loadConfig({ OTEL_SDK_DISABLED: 'false' });
  startTelemetry(telemetry, new SimpleSpanProcessor({ exporter: spans }));
  const app = await startTestApp({}, logs);
  return {
    ...app,
    spans,
    close: async () => {
      await app.close();
      await shutdownTelemetry();
    },
  };
}
