import { GraphQLError, type ExecutionResult } from 'graphql';
import type { ErrorKind } from '../errors/app-error.js';
import { summarizeError } from '../errors/error-to-problem.js';
import { AppError } from '../errors/app-error.js';
import { httpStatusFor } from '../errors/problem-status.js';
import { limitReasonOf } from './limits/limit-violation.js';

export type GraphqlErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'SERVICE_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR';

/** The one place an error kind becomes a GraphQL `extensions.code` (REST: problem-status.ts). */
export function graphqlCodeFor(kind: ErrorKind): GraphqlErrorCode {
  switch (kind) {
    case 'bad_request':
    case 'invalid_input':
    case 'conflict':
    case 'too_large':
    case 'unsupported_media_type':
    case 'expectation_failed':
    case 'method_not_allowed':
      return 'BAD_USER_INPUT';
    case 'unauthenticated':
      return 'UNAUTHENTICATED';
    case 'forbidden':
      return 'FORBIDDEN';
    case 'not_found':
      return 'NOT_FOUND';
    case 'unavailable':
      return 'SERVICE_UNAVAILABLE';
    case 'rate_limited':
      return 'RATE_LIMITED';
  }
}

/** A client error, and whether the caller logs it: `unexpected` as an error, `slipped` as a warning. */
export interface ClientError {
  error: GraphQLError;
  unexpected: boolean;
  slipped?: boolean;
}

/**
 * Rewrites one error for the client: intentional errors keep their message and gain a code and
 * details; anything unexpected becomes a generic INTERNAL_SERVER_ERROR (logged by the caller).
 * Errors without an original error (syntax, validation, limits) already say what is wrong.
 */
export function toClientError(error: GraphQLError): ClientError {
  const original = error.originalError;
  if (!original || original instanceof GraphQLError) {
    // graphql-jit's own errors (variables it could not coerce) come without extensions.
    const code = (error.extensions?.code as string | undefined) ?? 'BAD_USER_INPUT';
    return { error: withExtensions(error, error.message, { code }), unexpected: false };
  }
  if (original instanceof AppError) {
    const extensions = {
      code: graphqlCodeFor(original.kind),
      reason: original.code,
      details: original.details,
    };
    return { error: withExtensions(error, original.message, extensions), unexpected: false };
  }
  // Mercurius and Fastify request errors (bad JSON, failed validation) carry a 4xx status.
  const status = (original as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status < 500) {
    const message = requestErrorMessage(original);
    // A refusal by one of the limits (limits/) also says which one.
    const reason = limitReasonOf(original);
    const extensions = reason ? { code: 'BAD_USER_INPUT', reason } : { code: 'BAD_USER_INPUT' };
    return { error: withExtensions(error, message, extensions), unexpected: false };
  }
  const summary = summarizeError(original);
  if (summary.slipped) {
    const extensions = { code: 'BAD_USER_INPUT', reason: summary.code };
    return {
      error: withExtensions(error, summary.detail, extensions),
      unexpected: false,
      slipped: true,
    };
  }
  const code = summary.status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR';
  return { error: withExtensions(error, summary.detail, { code }), unexpected: true };
}

function withExtensions(
  error: GraphQLError,
  message: string,
  extensions: Record<string, unknown>,
): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions,
  });
}

/**
 * Mercurius answers 200 when a refused request lists several errors (two fields breaking one
 * rule, two limits at once); a request refused before execution is its 4xx however many it lists.
 * An AppError outside any field (an HTTP hook refused the request) has the status of its kind.
 */
export function refusedRequestStatus(execution: ExecutionResult, statusCode: number): number {
  const errors = execution.errors ?? [];
  // Errors outside any field and from no resolver, with no data: the request itself was refused
  // before execution (variables that do not coerce). graphql-jit reports those as an ordinary
  // result, which Mercurius would answer 200 on the run that compiles the query.
  if (
    !execution.data &&
    errors.length > 0 &&
    errors.every((error) => !error.path && !error.originalError)
  ) {
    return 400;
  }
  const [only, ...others] = errors;
  const original = only?.originalError;
  const status =
    original instanceof AppError && !only.path
      ? httpStatusFor(original.kind)
      : (original as { statusCode?: unknown } | undefined)?.statusCode;
  const refused = !execution.data && others.length === 0 && typeof status === 'number';
  return refused && status >= 400 && status < 500 ? status : statusCode;
}

/** Mercurius wraps validation failures (with the real ones in `errors`); Fastify's say what failed. */
function requestErrorMessage(
  original: Error & { errors?: { message: string }[]; code?: unknown },
): string {
  if (Array.isArray(original.errors) && original.errors.length > 0) {
    return original.errors.map((inner) => inner.message).join('; ');
  }
  return typeof original.code === 'string' && original.code.startsWith('FST_')
    ? summarizeError(original).detail
    : original.message;
}
