import { isSpanContextValid, trace } from '@opentelemetry/api';

/** Adds the active span's ids to every log line so logs and traces can be joined. */
export function traceContextMixin(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const context = span.spanContext();
  if (!isSpanContextValid(context)) return {};
  return { trace_id: context.traceId, span_id: context.spanId };
}
