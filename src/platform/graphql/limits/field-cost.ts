import { Extensions } from '@nestjs/graphql';
import type { GraphQLField } from 'graphql';

const FIELD_COST = 'cost';

/**
 * What one value of the field costs, for a field much larger than most. The cost rule's unit is
 * roughly 8 KiB of JSON at worst (a title, a description of 1,000 characters, a bio): a field
 * that can reach 400 KB (100,000 characters of 4-byte UTF-8) costs 50, so the cost limit bounds
 * the response's size, not only its number of fields.
 */
export const FieldCost = (cost: number) => Extensions({ [FIELD_COST]: cost });

export function fieldCostOf(field: GraphQLField<unknown, unknown>): number {
  const cost = field.extensions?.[FIELD_COST];
  return typeof cost === 'number' ? cost : 1;
}
