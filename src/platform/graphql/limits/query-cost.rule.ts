import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  valueFromAST,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { fieldCostOf } from './field-cost.js';
import { limitViolation } from './limit-violation.js';
import { listCapOf } from './list-cap.js';

/**
 * Items assumed for a list of objects that declares no cap: enough to refuse any selection
 * under it. The boot-time check (uncappedLists) keeps the real schema free of such lists.
 */
export const UNCAPPED_LIST_SIZE = 10_000;
const PAGE_SIZE_ARGUMENT = 'limit';

type Values = Record<string, unknown>;

/**
 * Refuses an operation that would resolve more than `maxCost` fields (see {@link queryCost}).
 * `variables` are the request's, so a `limit` passed as a variable counts at its real value.
 */
export function queryCostRule(maxCost: number, variables: Values = {}): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const fragment = (name: string) => context.getFragment(name) ?? undefined;
      const cost = queryCost(context.getSchema(), operation, fragment, variables);
      if (cost > maxCost) context.reportError(costViolation(cost, maxCost, operation));
      return false;
    },
  });
}

export function costViolation(cost: number, maxCost: number, operation: OperationDefinitionNode) {
  const message =
    `The query costs ${cost} (one per field, more for long texts, times the items each list ` +
    `asks for); the limit is ${maxCost}. Ask for fewer items or fewer nested fields.`;
  return limitViolation('QUERY_TOO_COSTLY', message, operation);
}

/**
 * What an operation costs: each field 1 (or its `@FieldCost`, for long texts), the selection
 * under a list once per item, so nested lists multiply. A list has as many items as its own `limit` argument, else the `limit` of the
 * page it sits in (`articles(limit: 100) { articles {...} }`), else its cap (`@ListCap`).
 * A `limit` left out counts at its schema default; a `limit` given as null (literal or variable)
 * counts at the field's cap, whatever the resolver makes of it. Introspection is free.
 * Fragments are costed once per page size.
 */
export function queryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragment: (name: string) => FragmentDefinitionNode | undefined,
  variables: Values = {},
): number {
  const values = { ...variableDefaults(operation), ...variables };
  const fragmentCosts = new Map<string, number>();

  const costOf = (
    selectionSet: SelectionSetNode | undefined,
    parentType: GraphQLNamedType | undefined,
    pageSize: number | undefined,
    visiting: Set<string>,
  ): number => {
    let cost = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        cost += fieldCost(selection, parentType, pageSize, visiting);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition?.name.value;
        const type = condition ? schema.getType(condition) : parentType;
        cost += costOf(selection.selectionSet, type, pageSize, visiting);
      } else {
        cost += fragmentCost(selection.name.value, pageSize, visiting);
      }
    }
    return cost;
  };

  const fieldCost = (
    field: FieldNode,
    parentType: GraphQLNamedType | undefined,
    pageSize: number | undefined,
    visiting: Set<string>,
  ): number => {
    if (field.name.value.startsWith('__')) return 0;
    const definition =
      isObjectType(parentType) || isInterfaceType(parentType)
        ? parentType.getFields()[field.name.value]
        : undefined;
    if (!definition) return 1; // an unknown field is reported by graphql's own rules
    const limit = limitOf(field, definition, values);
    const isList = isListType(getNullableType(definition.type));
    const items = isList ? (limit ?? pageSize ?? listCapOf(definition) ?? UNCAPPED_LIST_SIZE) : 1;
    // A page (a non-list field with a limit) passes its limit to the list inside it.
    const innerPageSize = isList ? undefined : limit;
    const namedType = getNamedType(definition.type);
    const own = fieldCostOf(definition);
    return own + items * costOf(field.selectionSet, namedType, innerPageSize, visiting);
  };

  const fragmentCost = (name: string, pageSize: number | undefined, visiting: Set<string>) => {
    const key = `${name}:${pageSize ?? ''}`;
    const known = fragmentCosts.get(key);
    if (known !== undefined) return known;
    const definition = fragment(name);
    if (!definition || visiting.has(name)) return 0; // cycles: NoFragmentCyclesRule reports them
    visiting.add(name);
    const type = schema.getType(definition.typeCondition.name.value);
    const cost = costOf(definition.selectionSet, type, pageSize, visiting);
    visiting.delete(name);
    fragmentCosts.set(key, cost);
    return cost;
  };

  const rootType = schema.getRootType(operation.operation) ?? undefined;
  return costOf(operation.selectionSet, rootType, undefined, new Set());
}

/** The page size a field asks for; undefined when it takes no `limit`. */
function limitOf(
  field: FieldNode,
  definition: GraphQLField<unknown, unknown>,
  values: Values,
): number | undefined {
  const argument = definition.args.find((arg) => arg.name === PAGE_SIZE_ARGUMENT);
  if (!argument) return undefined;
  const atCap = listCapOf(definition) ?? UNCAPPED_LIST_SIZE;
  const node = field.arguments?.find((arg) => arg.name.value === PAGE_SIZE_ARGUMENT);
  // Left out, or a variable the request does not send: the argument's default applies.
  const given = node && !(node.value.kind === Kind.VARIABLE && !(node.value.name.value in values));
  const limit: unknown = given
    ? valueFromAST(node.value, argument.type, values)
    : (argument.defaultValue ?? null);
  return typeof limit === 'number' && Number.isFinite(limit) ? Math.max(0, limit) : atCap;
}

function variableDefaults(operation: OperationDefinitionNode): Values {
  const defaults = (operation.variableDefinitions ?? []).flatMap((definition) =>
    definition.defaultValue
      ? [[definition.variable.name.value, valueFromASTUntyped(definition.defaultValue)] as const]
      : [],
  );
  return Object.fromEntries(defaults);
}
