import type { preValidationHookHandler } from 'fastify';
import { AppError } from '../../errors/app-error.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const absent = (value: unknown) => value === undefined || value === null;

/** What is wrong with one operation of a request (GET query string or POST body), if anything. */
function operationProblem(operation: unknown, getRequest: boolean): string | undefined {
  if (!isObject(operation)) return 'each operation must be a JSON object';
  const { query, operationName, variables } = operation;
  // Mercurius reads a missing query as a persisted-query lookup, and in a batch it answered
  // with its raw error object. This API has no persisted queries: a POST needs the document.
  // (A GET without one is also the WebSocket upgrade for subscriptions.)
  if (absent(query) && !getRequest) return 'query is required';
  if (!absent(query) && typeof query !== 'string') return 'query must be a string';
  if (!absent(operationName) && typeof operationName !== 'string') {
    return 'operationName must be a string';
  }
  const parsed = getRequest && typeof variables === 'string' ? parseJson(variables) : variables;
  if (!absent(parsed) && !isObject(parsed)) return 'variables must be a JSON object';
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Fastify preValidation hook for the GraphQL route. Fastify's schema coerces types, and
 * Mercurius then fails on a number where the document should be (a 500 before this hook):
 * `query`, `operationName` and `variables` must have their own types, or the request is a 400.
 */
export const requestShapeHook: preValidationHookHandler = (request, _reply, done) => {
  const getRequest = request.method === 'GET';
  // Mercurius also parses application/graphql (the body is the document), and a JSON body sent
  // that way crashed validation: this API takes GraphQL as JSON only, like every other body.
  if (!getRequest && request.headers['content-type']?.startsWith('application/graphql')) {
    done(
      new AppError(
        'unsupported_media_type',
        'GRAPHQL_MEDIA_TYPE',
        'Send GraphQL requests as application/json: {"query": "...", "variables": {...}}.',
      ),
    );
    return;
  }
  const input = getRequest ? request.query : request.body;
  const operations = !getRequest && Array.isArray(input) ? (input as unknown[]) : [input];
  const problem = operations
    .map((operation) => operationProblem(operation ?? {}, getRequest))
    .find((found) => found !== undefined);
  done(problem ? new AppError('bad_request', 'GRAPHQL_REQUEST_INVALID', problem) : undefined);
};
