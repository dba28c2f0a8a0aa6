import {
  context,
  type Context,
  type Span,
  type SpanOptions,
  trace,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';

/**
 * Gives the Postgres and Redis instrumentations their parent span back, instead of a new one,
 * when that parent records nothing. Under every standard sampler a child of an unsampled span is
 * unsampled too (parent-based ones by rule, ratio-based ones because the trace id is the same),
 * so the SDK would only generate an id, ask the sampler, sanitize attributes and hand back a
 * span that records nothing, for each query and command of the nine requests in ten that are
 * not sampled. The parent is just as inert, and log lines keep its trace and span ids.
 */
export class UnsampledShortcutTracerProvider implements TracerProvider {
  constructor(private readonly inner: TracerProvider) {}

  getTracer(name: string, version?: string, options?: { schemaUrl?: string }): Tracer {
    const tracer = this.inner.getTracer(name, version, options);
    return {
      startSpan(spanName: string, spanOptions?: SpanOptions, parentContext?: Context): Span {
        if (!spanOptions?.root) {
          const parent = trace.getSpan(parentContext ?? context.active());
          if (parent && !parent.isRecording()) return parent;
        }
        return tracer.startSpan(spanName, spanOptions, parentContext);
      },
      // The instrumentations start spans with startSpan; this one is passed through as it is.
      startActiveSpan: tracer.startActiveSpan.bind<Tracer['startActiveSpan']>(tracer),
    };
  }
}
