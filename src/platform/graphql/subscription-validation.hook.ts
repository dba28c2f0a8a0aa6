import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  specifiedRules,
  validate,
  type ValidationRule,
} from 'graphql';

/**
 * Mercurius runs a subscription that arrives over WebSocket without validating its document:
 * neither the spec's rules (unknown fields, a single root field) nor `validationRules` (limits,
 * no introspection in production). As a `preSubscriptionExecution` hook, this applies both, so a
 * subscription is refused exactly where the same document would be refused over POST /graphql.
 */
export function subscriptionValidationHook(rules: readonly ValidationRule[]) {
  const allRules = [...specifiedRules, ...rules];
  return (schema: GraphQLSchema, document: DocumentNode): void => {
    const errors = validate(schema, document, allRules);
    if (errors.length === 0) return;
    // The WebSocket protocol carries one error here: all messages, the first error's codes.
    throw new GraphQLError(errors.map((error) => error.message).join('; '), {
      extensions: { code: 'BAD_USER_INPUT', ...errors[0].extensions },
    });
  };
}
