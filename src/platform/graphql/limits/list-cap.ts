import { Extensions } from '@nestjs/graphql';
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';

const LIST_CAP = 'listCap';

/**
 * The most items a GraphQL list field can return: the `Max` of its `limit` argument, or of the
 * page that holds it. The cost rule counts the list at this size when `limit` is null or when
 * nothing narrower is known, so every list must declare it (see {@link uncappedLists}).
 */
export const ListCap = (maxItems: number) => Extensions({ [LIST_CAP]: maxItems });

export function listCapOf(field: GraphQLField<unknown, unknown>): number | undefined {
  const cap = field.extensions?.[LIST_CAP];
  return typeof cap === 'number' ? cap : undefined;
}

/**
 * `Type.field` of every field that returns a list of objects, or takes a `limit`, without a
 * cap. Lists of scalars (tags) cost nothing per item and need none.
 */
export function uncappedLists(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => !type.name.startsWith('__'))
    .flatMap((type) =>
      isObjectType(type) || isInterfaceType(type)
        ? Object.values(type.getFields()).map((field) => ({ type: type.name, field }))
        : [],
    )
    .filter(({ field }) => {
      const listOfObjects =
        isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type));
      const paged = field.args.some((arg) => arg.name === 'limit');
      return (listOfObjects || paged) && listCapOf(field) === undefined;
    })
    .map(({ type, field }) => `${type}.${field.name}`);
}
