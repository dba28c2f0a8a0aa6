import { Kind, type SelectionSetNode, type ValidationRule } from 'graphql';
import { limitViolation } from './limit-violation.js';

/**
 * Refuses an operation with more than `maxAliases` aliased fields, counting a fragment once per
 * spread: aliases are how one request asks for the same expensive field many times.
 */
export function aliasCountRule(maxAliases: number): ValidationRule {
  return (context) => {
    const fragmentAliases = new Map<string, number>();

    const aliasesIn = (
      selectionSet: SelectionSetNode | undefined,
      visiting: Set<string>,
    ): number => {
      let count = 0;
      for (const selection of selectionSet?.selections ?? []) {
        if (selection.kind === Kind.FIELD) {
          count += (selection.alias ? 1 : 0) + aliasesIn(selection.selectionSet, visiting);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          count += aliasesIn(selection.selectionSet, visiting);
        } else {
          count += aliasesInFragment(selection.name.value, visiting);
        }
      }
      return count;
    };

    const aliasesInFragment = (name: string, visiting: Set<string>): number => {
      const known = fragmentAliases.get(name);
      if (known !== undefined) return known;
      const fragment = context.getFragment(name);
      if (!fragment || visiting.has(name)) return 0; // cycles: NoFragmentCyclesRule reports them
      visiting.add(name);
      const count = aliasesIn(fragment.selectionSet, visiting);
      visiting.delete(name);
      fragmentAliases.set(name, count);
      return count;
    };

    return {
      OperationDefinition(operation) {
        const count = aliasesIn(operation.selectionSet, new Set());
        if (count > maxAliases) {
          const message = `The operation uses ${count} aliases; the limit is ${maxAliases}.`;
          context.reportError(limitViolation('TOO_MANY_ALIASES', message, operation));
        }
        return false;
      },
    };
  };
}
