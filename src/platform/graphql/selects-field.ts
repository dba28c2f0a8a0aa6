import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the query selects `path` below the current field, e.g. ['articles', 'body'] under
 * `articles { articles { body } }`. Fragments make it answer true, so data is never missing.
 */
export function selectsField(info: GraphQLResolveInfo, path: string[]): boolean {
  return info.fieldNodes.some((node) => within(node.selectionSet, path));
}

function within(selectionSet: SelectionSetNode | undefined, path: string[]): boolean {
  if (!selectionSet) return false;
  const [head, ...rest] = path;
  return selectionSet.selections.some((selection) => {
    if (selection.kind !== Kind.FIELD) return true;
    if (selection.name.value !== head) return false;
    return rest.length === 0 || within(selection.selectionSet, rest);
  });
}
