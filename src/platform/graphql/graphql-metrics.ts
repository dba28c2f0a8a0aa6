import { type DocumentNode, type GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import type { preExecutionHookHandler } from 'mercurius';
import type { Metrics } from '../../infra/metrics/metrics.js';

/** Operation names are the client's choice: past this many distinct ones, the rest are _OTHER. */
const MAX_OPERATION_NAMES = 100;
/** Error codes are the service's own, but a library may add one; the same guard. */
const MAX_ERROR_CODES = 50;

/** A label that takes at most `max` distinct values; later newcomers share `_OTHER`. */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  value(candidate: string): string {
    if (this.seen.has(candidate)) return candidate;
    if (this.seen.size >= this.max) return '_OTHER';
    this.seen.add(candidate);
    return candidate;
  }
}

function executedOperation(document: DocumentNode): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  );
  // A document with several operations runs the one named in the request; Mercurius has
  // refused it before this hook unless exactly one is chosen, and the hook does not see which.
  return operations.length === 1 ? operations[0] : undefined;
}

/** Counts operations (by type and name) as they start, and errors (by code) as they are answered. */
export function graphqlMetrics(metrics: Metrics) {
  const operations = metrics.counter('graphqlOperations');
  const errors = metrics.counter('graphqlErrors');
  const names = new BoundedLabel(MAX_OPERATION_NAMES);
  const codes = new BoundedLabel(MAX_ERROR_CODES);

  const countNamed = (type: string, name: string | undefined) => {
    operations.inc({
      graphql_operation_type: type,
      // Anonymous operations have no name: an empty label, as for an absent attribute.
      graphql_operation_name: name ? names.value(name) : '',
    });
  };

  const countOperation: preExecutionHookHandler = (_schema, document) => {
    const operation = executedOperation(document);
    countNamed(operation?.operation ?? '_OTHER', operation?.name?.value);
  };

  const countErrors = (answered: readonly GraphQLError[]) => {
    for (const error of answered) {
      const code = error.extensions?.code;
      errors.inc({
        graphql_error_code: typeof code === 'string' ? codes.value(code) : '_NONE',
      });
    }
  };

  return { countOperation, countNamed, countErrors };
}
