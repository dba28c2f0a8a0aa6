/**
 * A test-only preload for the built entry points (test/process/trace-tree.e2e-spec.ts): the
 * service's own preload (loader hooks, instrumentations, sampler, propagators), with finished
 * spans kept in the SDK's InMemorySpanExporter instead of being exported. When the process
 * shuts down (SIGTERM, which flushes telemetry), they are written to SPANS_FILE as JSON for the
 * test to read. Production has no way to select this: only code passes a span processor.
 */
import { writeFileSync } from 'node:fs';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { preloadTelemetry } from '../../dist/src/infra/telemetry/preload.js';

const file = process.env.SPANS_FILE;
if (!file) throw new Error('in-memory-spans.preload.mjs needs SPANS_FILE');

/** What a test needs of a span, as plain JSON. */
const plain = (span) => ({
  service: span.resource.attributes['service.name'],
  scope: span.instrumentationScope.name,
  name: span.name,
  kind: span.kind,
  traceId: span.spanContext().traceId,
  spanId: span.spanContext().spanId,
  parentSpanId: span.parentSpanContext?.spanId,
  links: span.links.map((link) => ({
    traceId: link.context.traceId,
    spanId: link.context.spanId,
  })),
  attributes: span.attributes,
  status: span.status,
});

class SpanFileExporter extends InMemorySpanExporter {
  shutdown() {
    writeFileSync(file, JSON.stringify(this.getFinishedSpans().map(plain)));
    return super.shutdown();
  }
}

await preloadTelemetry({
  spanProcessor: new SimpleSpanProcessor({ exporter: new SpanFileExporter() }),
});
