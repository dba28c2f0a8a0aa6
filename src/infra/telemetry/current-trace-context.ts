import { type Context, context, trace } from '@opentelemetry/api';
import { type RequestLogContext, requestLogContext } from '../logger/request-context.js';

/**
 * The trace context of the work at hand, to propagate or to start a child span in: the active
 * context when it holds a span; otherwise, while serving a request whose span is not sampled
 * (which runs with no active span: platform/http/server-span.ts), that request's context. So a
 * job an unsampled request asks for stays in its trace, and its log lines name it. `request`
 * is for a caller that has read the request's store already (the log mixin).
 */
export function currentTraceContext(
  request: RequestLogContext | undefined = requestLogContext.getStore(),
): Context {
  const active = context.active();
  if (trace.getSpan(active)) return active;
  return request?.unsampledTrace ?? active;
}
