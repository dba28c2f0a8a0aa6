import { type Context, INVALID_TRACEID, trace } from '@opentelemetry/api';

/** The ids of the span in `traceContext`, for a log line: so logs and traces can be joined. */
export function traceContextMixin(traceContext: Context): Record<string, string> {
  const span = trace.getSpan(traceContext);
  if (!span) return {};
  const context = span.spanContext();
  // The ids come from the service's own SDK (or a parent it validated on the way in): only the
  // all-zero placeholder needs excluding, and a full hex check on every line showed in profiles.
  if (context.traceId === INVALID_TRACEID) return {};
  return { trace_id: context.traceId, span_id: context.spanId };
}
