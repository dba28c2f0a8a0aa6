import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requestLogContext } from '../../infra/logger/request-context.js';
import { isProbePath } from '../health/probe-path.js';

const tracer = trace.getTracer('conduit-http');
const SPAN = Symbol('serverSpan');

type TracedRequest = FastifyRequest & { [SPAN]?: Span };

/**
 * The HTTP server span, made in a Fastify hook: named after the route template
 * ("GET /api/articles/:slug", never the URL), continuing the caller's W3C trace, and, when it
 * is sampled, active while the request's hooks and handler run, so Postgres and Redis spans
 * and log lines join it (an unsampled one is not: see below, ADR 0017). It replaces
 * `@opentelemetry/instrumentation-http` on the server side, which wrapped every request and
 * response emitter and collected some twenty attributes before the route was known
 * (ADR 0009). Registered after the request-logging hook, whose per-request store it writes an
 * unsampled request's trace context to.
 */
export function registerServerSpan(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request: TracedRequest, _reply, done) => {
    // Probes are not traced: a span every few seconds per pod says nothing and costs storage.
    if (isProbePath(request.url)) return done();
    const route = request.routeOptions.url;
    // The propagators are W3C trace context and baggage (telemetry.ts): without either header
    // there is nothing to extract, which is most requests.
    const { traceparent, baggage } = request.headers;
    const parent =
      traceparent === undefined && baggage === undefined
        ? ROOT_CONTEXT
        : propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(
      route ? `${request.method} ${route}` : request.method,
      { kind: SpanKind.SERVER },
      parent,
    );
    // Attributes only for a span that is kept (none of the service's samplers reads them).
    if (span.isRecording()) {
      span.setAttributes({
        'http.request.method': request.method,
        'url.path': request.url.split('?', 1)[0],
        'client.address': request.ip,
        ...(route ? { 'http.route': route } : {}),
      });
    }
    request[SPAN] = span;
    const spanContext = trace.setSpan(parent, span);
    if (!span.isRecording()) {
      // Not sampled (nine requests in ten at a 10% ratio): no context is made active, so the
      // request runs as if tracing were off, and the Postgres and Redis instrumentations find
      // no span to join. Entering the span's context cost a light request 8% of its CPU for a
      // span that records nothing (ADR 0017). Log lines and the outbox still read the
      // request's trace ids, from the request's log context.
      const store = requestLogContext.getStore();
      if (store) store.unsampledTrace = spanContext;
      return done();
    }
    // The rest of the request's hooks and its handler run inside the span's context.
    context.with(spanContext, done);
  });
  fastify.addHook('onResponse', (request: TracedRequest, reply, done) => {
    const span = request[SPAN];
    if (span?.isRecording()) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
  fastify.addHook('onRequestAbort', (request: TracedRequest, done) => {
    const span = request[SPAN];
    if (span?.isRecording()) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'client aborted the request' });
      span.end();
    }
    done();
  });
}
