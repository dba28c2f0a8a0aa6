import { context, type Span, SpanKind, trace } from '@opentelemetry/api';
import type {
  FastifyRequest,
  HookHandlerDoneFunction,
  onSendHookHandler,
  preHandlerHookHandler,
} from 'fastify';
import { type DocumentNode, Kind, type OperationDefinitionNode } from 'graphql';
import type { preExecutionHookHandler } from 'mercurius';
import { currentTraceContext } from '../../infra/telemetry/current-trace-context.js';

const tracer = trace.getTracer('conduit-graphql');
const OPERATION = Symbol('graphqlOperation');

type TracedRequest = FastifyRequest & { [OPERATION]?: Span };

/**
 * The GraphQL operation's span, between the HTTP server span and the resolvers' Postgres and
 * Redis spans. One per request, not one per field: started in the route's last hook, so the
 * handler (parsing, validation, execution) runs inside it, named once the document is known,
 * ended when the response is sent. WebSocket upgrades get none: a subscription lives as long as
 * its socket.
 */
const startOperationSpan: preHandlerHookHandler = (request: TracedRequest, _reply, done) => {
  if (request.headers.upgrade) return done();
  // The semantic conventions' name for an operation not (yet) known. Its parent is the server
  // span, sampled or not (an unsampled request runs with no active span).
  const parent = currentTraceContext();
  const span = tracer.startSpan('GraphQL Operation', { kind: SpanKind.INTERNAL }, parent);
  // Like the server span, an unsampled one is not made active.
  if (!span.isRecording()) return done();
  request[OPERATION] = span;
  context.with(trace.setSpan(parent, span), done);
};

function endOperationSpan(request: TracedRequest): void {
  request[OPERATION]?.end();
  request[OPERATION] = undefined;
}

const endOnSend: onSendHookHandler = (request, _reply, payload, done) => {
  endOperationSpan(request);
  done(null, payload);
};

const endOnAbort = (request: FastifyRequest, done: HookHandlerDoneFunction) => {
  endOperationSpan(request);
  done();
};

/** Route options for Mercurius's GraphQL routes (its `additionalRouteOptions`). */
export const operationSpanRouteHooks = {
  preHandler: startOperationSpan,
  onSend: endOnSend,
  onRequestAbort: endOnAbort,
};

function requestedOperationName(request: FastifyRequest): string | undefined {
  const source = (request.method === 'GET' ? request.query : request.body) as
    { operationName?: unknown } | undefined;
  return typeof source?.operationName === 'string' ? source.operationName : undefined;
}

function executedOperation(
  document: DocumentNode,
  request: FastifyRequest,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operations.length === 1) return operations[0];
  const name = requestedOperationName(request);
  return operations.find((operation) => operation.name?.value === name);
}

/**
 * Mercurius preExecution hook: names the span `query ArticleList` (type, then name) with the
 * semantic conventions' attributes. Costs a scan of the document's top-level definitions.
 */
export const nameOperationSpan: preExecutionHookHandler = (_schema, document, graphqlContext) => {
  const { request } = graphqlContext.reply;
  const span = (request as TracedRequest)[OPERATION];
  if (!span) return;
  if (Array.isArray(request.body)) {
    // A batch: one span for the request, whose operations differ.
    span.updateName('GraphQL batch');
    span.setAttribute('graphql.batch.size', request.body.length);
    return;
  }
  const operation = executedOperation(document, request);
  if (operation) labelSpan(span, operation.operation, operation.name?.value);
};

function labelSpan(span: Span, type: string, name: string | undefined): void {
  span.updateName(name ? `${type} ${name}` : type);
  span.setAttribute('graphql.operation.type', type);
  if (name) span.setAttribute('graphql.operation.name', name);
}

/** For an operation answered without being run (the response memo): the same name and attributes. */
export function labelOperationSpan(
  request: FastifyRequest,
  type: string,
  name: string | undefined,
): void {
  const span = (request as TracedRequest)[OPERATION];
  if (span) labelSpan(span, type, name);
}
