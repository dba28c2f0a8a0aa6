import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  GraphQLObjectType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  type SelectionSetNode,
  getNamedType,
} from 'graphql';

/** What the memo keeps of a query it may answer without running it. */
export interface MemoizableOperation {
  /** Root fields whose resolvers must each report one cache read (aliases count apart). */
  rootFields: number;
  name: string | undefined;
}

const verdicts = new WeakMap<DocumentNode, MemoizableOperation | null>();

/**
 * Whether a document's answer can depend only on what its root resolvers read: one query
 * operation, plain root fields, and below them only fields without a resolver of their own
 * (data already in the root's value). A field with its own resolver, such as an author's
 * `articles`, reads Postgres where the memo cannot see it, so the document is never memoized.
 * Mercurius keeps parsed documents, so the walk runs once per distinct document.
 */
export function memoizableOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
): MemoizableOperation | undefined {
  let verdict = verdicts.get(document);
  if (verdict === undefined) {
    verdict = judge(schema, document) ?? null;
    verdicts.set(document, verdict);
  }
  return verdict ?? undefined;
}

function judge(schema: GraphQLSchema, document: DocumentNode): MemoizableOperation | undefined {
  const operations: OperationDefinitionNode[] = [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
    else if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    } else return undefined;
  }
  const [operation] = operations;
  if (operations.length !== 1 || operation.operation !== OperationTypeNode.QUERY) return undefined;
  const queryType = schema.getQueryType();
  if (!queryType) return undefined;
  let rootFields = 0;
  for (const selection of operation.selectionSet.selections) {
    // A root fragment or directive (@include, @skip) would make the count of resolvers vary.
    if (selection.kind !== Kind.FIELD || selection.directives?.length) return undefined;
    if (selection.name.value === '__typename') continue;
    const field = queryType.getFields()[selection.name.value];
    if (!field) return undefined;
    rootFields += 1;
    const below = getNamedType(field.type);
    if (selection.selectionSet && !plain(schema, below, selection.selectionSet, fragments, 0)) {
      return undefined;
    }
  }
  if (rootFields === 0) return undefined;
  return { rootFields, name: operation.name?.value };
}

/**
 * Nest gives every code-first field a resolver that reads the parent's property (or the field's
 * default value): the name of that function tells it from a resolver of the field's own. Were
 * a Nest upgrade to rename it, every document would be refused: slower, never stale.
 */
const PROPERTY_READER = 'rootFieldResolver';

function readsItsParent(field: GraphQLField<unknown, unknown>): boolean {
  return field.resolve === undefined || field.resolve.name === PROPERTY_READER;
}

/** Validation has bounded the depth already; this only stops a walk that would not end. */
const MAX_DEPTH = 32;

function plain(
  schema: GraphQLSchema,
  type: GraphQLNamedType,
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  depth: number,
): boolean {
  if (depth > MAX_DEPTH || !(type instanceof GraphQLObjectType)) return false;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === '__typename') continue;
      const field = type.getFields()[selection.name.value];
      if (!field || !readsItsParent(field)) return false;
      const below = getNamedType(field.type);
      if (
        selection.selectionSet &&
        !plain(schema, below, selection.selectionSet, fragments, depth + 1)
      ) {
        return false;
      }
    } else {
      const fragment =
        selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
      if (!fragment) return false;
      const condition = fragment.typeCondition
        ? schema.getType(fragment.typeCondition.name.value)
        : type;
      if (!condition || !plain(schema, condition, fragment.selectionSet, fragments, depth + 1)) {
        return false;
      }
    }
  }
  return true;
}
