import type { OpenAPIObject } from '@nestjs/swagger';

// Keys whose member order carries meaning (the order of a list) or reads best as written.
const KEEP_ORDER = new Set([
  'paths',
  'properties',
  'parameters',
  'required',
  'enum',
  'tags',
  'servers',
]);

/**
 * A copy with object keys in a stable order, so the committed openapi.json changes only when
 * the API does: paths in declaration order, components and responses sorted.
 */
export function sortedDocument(document: OpenAPIObject): OpenAPIObject {
  return sortKeys(document, '') as OpenAPIObject;
}

function sortKeys(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item, ''));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).filter(([, member]) => member !== undefined);
  if (!KEEP_ORDER.has(key)) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([name, member]) => [name, sortKeys(member, name)]));
}
