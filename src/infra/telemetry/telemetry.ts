import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { TelemetryConfig } from '../../config/app-config.js';
import { samplerFor } from './sampler.js';
import { skipWhenUnsampled } from './skip-unsampled.js';

let provider: TracerProvider | undefined;

function spanProcessor(config: TelemetryConfig): SpanProcessor {
  switch (config.exporter) {
    case 'otlp':
      // The exporter reads OTEL_EXPORTER_OTLP_* (endpoint, headers, timeout) itself.
      return new BatchSpanProcessor({
        exporter:
          config.otlpProtocol === 'http/json'
            ? new JsonTraceExporter()
            : new ProtobufTraceExporter(),
      });
    case 'console':
      return new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() });
    case 'none':
      // Still creates real spans, so trace ids reach logs and propagate to downstream calls.
      return new NoopSpanProcessor();
  }
}

/**
 * Starts tracing. Must run before the instrumented libraries are imported. The pieces are
 * assembled here rather than by `@opentelemetry/sdk-node`, which loads every exporter and
 * protocol it supports (gRPC, protobuf, Zipkin, Prometheus, logs and metrics SDKs) whether
 * used or not: about 40 MB of resident memory and a fifth of a second at start-up (ADR 0009).
 * The HTTP server span is made by the service itself (platform/http/server-span.ts). A
 * `processor` replaces the configured exporter (the trace-tree test keeps spans in memory).
 */
export function startTelemetry(config: TelemetryConfig, processor?: SpanProcessor): void {
  if (!config.enabled || provider) return;
  const resource = detectResources({ detectors: [envDetector] }).merge(
    resourceFromAttributes({ 'service.name': config.serviceName }),
  );
  provider = new TracerProvider({
    resource,
    sampler: samplerFor(config),
    spanProcessors: [processor ?? spanProcessor(config)],
  });
  const contextManager = new AsyncLocalStorageContextManager();
  contextManager.enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  );
  trace.setGlobalTracerProvider(provider);
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      skipWhenUnsampled(new PgInstrumentation({ requireParentSpan: true }), [
        '_getClientQueryPatch',
        '_getClientConnectPatch',
        '_getPoolConnectPatch',
      ]),
      skipWhenUnsampled(
        new IORedisInstrumentation({
          requireParentSpan: true,
          // The command's name, not its arguments: keys name accounts and sessions, values
          // hold cached bodies.
          dbStatementSerializer: (command) => command,
        }),
        ['_patchSendCommand', '_patchConnection'],
      ),
    ],
  });
}

/** Flushes pending spans; a no-op when telemetry never started (tests, OTEL_SDK_DISABLED). */
export async function shutdownTelemetry(): Promise<void> {
  const running = provider;
  provider = undefined;
  await running?.shutdown();
}
