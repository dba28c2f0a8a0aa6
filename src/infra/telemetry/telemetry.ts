import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NoopSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import type { TelemetryConfig } from '../../config/app-config.js';

let sdk: NodeSDK | undefined;

function spanProcessor(config: TelemetryConfig): SpanProcessor {
  switch (config.exporter) {
    case 'otlp':
      // The exporter reads OTEL_EXPORTER_OTLP_* (endpoint, headers, timeout) itself.
      return new BatchSpanProcessor({ exporter: new OTLPTraceExporter() });
    case 'console':
      return new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() });
    case 'none':
      // Still creates real spans, so trace ids reach logs and propagate to downstream calls.
      return new NoopSpanProcessor();
  }
}

/** Starts the OpenTelemetry SDK. Must run before the instrumented libraries are imported. */
export function startTelemetry(config: TelemetryConfig): void {
  if (!config.enabled || sdk) return;
  sdk = new NodeSDK({
    serviceName: config.serviceName,
    spanProcessors: [spanProcessor(config)],
    // Undefined: the SDK follows OTEL_TRACES_SAMPLER (default: parent-based, always on).
    sampler: config.recordSpans
      ? undefined
      : new ParentBasedSampler({ root: new AlwaysOffSampler() }),
    // Logs go to stdout through pino; metrics are not exported yet.
    logRecordProcessors: [],
    metricReaders: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => req.url?.startsWith('/health/') ?? false,
      }),
      // No @fastify/otel: its ~11 spans per Nest request cost a third of the throughput; the
      // HTTP server span is named after the route instead (platform/http/configure-http.ts).
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
}

/** Flushes pending spans; a no-op when telemetry never started (tests, OTEL_SDK_DISABLED). */
export async function shutdownTelemetry(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown();
}
