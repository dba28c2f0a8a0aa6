import { type Context, context, trace } from '@opentelemetry/api';
import { requestLogContext } from '../logger/request-context.js';

/**
 * The trace context of the work at hand, to propagate or to start a child span in: the active
 * context when it holds a span; otherwise, while serving a request whose span is not sampled
 * (which runs with no active span: platform/http/server-span.ts), that request's context. So a
 * job an unsampled request asks for stays in its trace, unsampled too.
 */
export function currentTraceContext(): Context {
  const active = context.active();
  if (trace.getSpan(active)) return active;
  return requestLogContext.getStore()?.unsampledTrace ?? active;
}
