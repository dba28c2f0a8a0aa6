import { Kind, type SelectionSetNode, type ValidationRule } from 'graphql';
import { limitViolation } from './limit-violation.js';

/**
 * Refuses an operation whose fields nest deeper than `maxDepth` (a root field is depth 1;
 * fragments add no depth). Introspection fields are not counted: GraphiQL's own schema query
 * is 15 deep, and production refuses introspection anyway.
 */
export function queryDepthRule(maxDepth: number): ValidationRule {
  return (context) => {
    const fragmentDepths = new Map<string, number>();

    const depthOf = (selectionSet: SelectionSetNode | undefined, visiting: Set<string>): number => {
      let deepest = 0;
      for (const selection of selectionSet?.selections ?? []) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, visiting));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, visiting));
        } else {
          deepest = Math.max(deepest, fragmentDepth(selection.name.value, visiting));
        }
      }
      return deepest;
    };

    const fragmentDepth = (name: string, visiting: Set<string>): number => {
      const known = fragmentDepths.get(name);
      if (known !== undefined) return known;
      const fragment = context.getFragment(name);
      // A cycle is reported by graphql's NoFragmentCyclesRule; here it only must not loop.
      if (!fragment || visiting.has(name)) return 0;
      visiting.add(name);
      const depth = depthOf(fragment.selectionSet, visiting);
      visiting.delete(name);
      fragmentDepths.set(name, depth);
      return depth;
    };

    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, new Set());
        if (depth > maxDepth) {
          const message = `The query nests fields ${depth} levels deep; the limit is ${maxDepth}.`;
          context.reportError(limitViolation('QUERY_TOO_DEEP', message, operation));
        }
        return false;
      },
    };
  };
}
