import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while serving a request needs to know about that request. */
export interface RequestLogContext {
  readonly requestId: string;
}

/**
 * The request being served, for log lines written deep inside services. One store per request,
 * entered by the request-logging hook; nothing is allocated per line.
 */
export const requestLogContext = new AsyncLocalStorage<RequestLogContext>();
