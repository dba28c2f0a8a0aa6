import { Kind, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import type { preExecutionHookHandler } from 'mercurius';
import { QueryLimitError } from './limit-violation.js';
import { costViolation, queryCost } from './query-cost.rule.js';

/**
 * The cost rule, run once per request instead of with Mercurius's cached validation: the cost
 * depends on `limit` values, which may come in the request's variables. It calls the rule's
 * arithmetic directly: about 4 µs for an article list, against ~50 for a `validate` walk.
 */
export function queryCostHook(maxCost: number): preExecutionHookHandler {
  return (schema, document, _context, variables) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    const operations: OperationDefinitionNode[] = [];
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        fragments.set(definition.name.value, definition);
      } else if (definition.kind === Kind.OPERATION_DEFINITION) {
        operations.push(definition);
      }
    }
    const errors = operations.flatMap((operation) => {
      const cost = queryCost(schema, operation, (name) => fragments.get(name), variables);
      return cost > maxCost ? [costViolation(cost, maxCost, operation)] : [];
    });
    if (errors.length > 0) throw new QueryLimitError(errors);
  };
}
