import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while serving a request needs to know about that request. */
export interface RequestLogContext {
  readonly requestId: string;
  /**
   * The request's trace context when its server span is not sampled. Such a request runs with
   * no active span (platform/http/server-span.ts), so log lines and the outbox read its trace
   * ids from here; a sampled request's active span says the same, and this stays unset.
   */
  unsampledTrace: Context | undefined;
}

/**
 * The request being served, for log lines written deep inside services. One store per request,
 * entered by the request-logging hook; nothing is allocated per line.
 */
export const requestLogContext = new AsyncLocalStorage<RequestLogContext>();
