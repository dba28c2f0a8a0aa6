import { type Context, INVALID_TRACEID, trace } from '@opentelemetry/api';

/**
 * Adds the trace ids to every log line so logs and traces can be joined: the active span's, or
 * else those of the unsampled request being served (`unsampledTrace`).
 */
export function traceContextMixin(unsampledTrace?: Context): Record<string, string> {
  const span =
    trace.getActiveSpan() ?? (unsampledTrace ? trace.getSpan(unsampledTrace) : undefined);
  if (!span) return {};
  const context = span.spanContext();
  // The ids come from the service's own SDK (or a parent it validated on the way in): only the
  // all-zero placeholder needs excluding, and a full hex check on every line showed in profiles.
  if (context.traceId === INVALID_TRACEID) return {};
  return { trace_id: context.traceId, span_id: context.spanId };
}
