import { GraphQLError, type ASTNode } from 'graphql';

/** Which limit refused the request; clients read it from `extensions.reason`. */
export type QueryLimitReason =
  | 'QUERY_TOO_DEEP'
  | 'QUERY_TOO_COSTLY'
  | 'TOO_MANY_ALIASES'
  | 'BATCH_TOO_LARGE'
  | 'DOCUMENT_TOO_LARGE';

/** The GraphQL error one exceeded limit answers with. */
export function limitViolation(
  reason: QueryLimitReason,
  message: string,
  node?: ASTNode,
): GraphQLError {
  return new GraphQLError(message, { nodes: node, extensions: { code: 'BAD_USER_INPUT', reason } });
}

/**
 * Thrown by the limits that run outside GraphQL validation (hooks). Shaped like Mercurius's own
 * validation error, a 400 carrying the GraphQL errors, so both are answered the same way.
 */
export class QueryLimitError extends Error {
  readonly statusCode = 400;

  constructor(readonly errors: readonly GraphQLError[]) {
    super(errors.map((error) => error.message).join('; '));
    this.name = 'QueryLimitError';
  }
}

/** The limit behind a refused request, read from the GraphQL errors it carries, if any. */
export function limitReasonOf(error: Error): QueryLimitReason | undefined {
  const inner: unknown = (error as { errors?: unknown }).errors;
  for (const cause of Array.isArray(inner) ? inner : []) {
    const reason: unknown = cause instanceof GraphQLError ? cause.extensions.reason : undefined;
    if (typeof reason === 'string') return reason as QueryLimitReason;
  }
  return undefined;
}
