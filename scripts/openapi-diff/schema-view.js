// @ts-check
// Reduces a JSON Schema (as OpenAPI 3.0 and 3.1 write it) to the facts the comparison needs:
// $refs followed, allOf merged, "nullable: true" / type arrays / null variants turned into one
// "accepts null" flag, oneOf/anyOf turned into a list of variants.
import { resolve } from './resolve.js';

/** @typedef {Record<string, any>} Json */

/**
 * @typedef {object} Bound
 * @property {number} value
 * @property {boolean} exclusive
 */

/**
 * @typedef {object} SchemaView
 * @property {string | undefined} ref          the first $ref followed to reach this schema
 * @property {Set<string> | null} types        allowed types other than "null"; null = any type
 * @property {boolean} nullable
 * @property {unknown[] | null} enumValues     null = no enum restriction
 * @property {Record<string, Bound | undefined>} lower  minimum, minLength, minItems, minProperties
 * @property {Record<string, Bound | undefined>} upper  maximum, maxLength, maxItems, maxProperties
 * @property {string | undefined} pattern
 * @property {string | undefined} format
 * @property {number | undefined} multipleOf
 * @property {unknown} defaultValue
 * @property {Map<string, Json>} properties
 * @property {Set<string>} required
 * @property {Json | boolean | undefined} additionalProperties
 * @property {Json | undefined} items
 * @property {Json[] | null} variants          oneOf/anyOf members (null variants removed)
 * @property {'oneOf' | 'anyOf'} variantKeyword
 * @property {boolean} readOnly
 * @property {boolean} writeOnly
 */

/** Bounds on numbers, string lengths, array lengths and object sizes. */
export const LOWER_BOUNDS = ['minimum', 'minLength', 'minItems', 'minProperties'];
export const UPPER_BOUNDS = ['maximum', 'maxLength', 'maxItems', 'maxProperties'];

/** @param {Json} s */
function isNullSchema(s) {
  return s.type === 'null' || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null);
}

/**
 * @param {Json} s
 * @param {'minimum' | 'maximum'} key
 * @returns {Bound | undefined}
 */
function numericBound(s, key) {
  const exclusiveKey = key === 'minimum' ? 'exclusiveMinimum' : 'exclusiveMaximum';
  // 3.1: exclusiveMinimum is a number; 3.0: a boolean that qualifies minimum.
  if (typeof s[exclusiveKey] === 'number') return { value: s[exclusiveKey], exclusive: true };
  if (typeof s[key] === 'number') return { value: s[key], exclusive: s[exclusiveKey] === true };
  return undefined;
}

/** @param {number | undefined} v @returns {Bound | undefined} */
const inclusive = (v) => (typeof v === 'number' ? { value: v, exclusive: false } : undefined);

/**
 * The stricter of two bounds (for allOf: every member must hold).
 * @param {Bound | undefined} a
 * @param {Bound | undefined} b
 * @param {1 | -1} sign 1 for lower bounds, -1 for upper bounds
 */
function stricter(a, b, sign) {
  if (!a) return b;
  if (!b) return a;
  if (a.value !== b.value) return (a.value - b.value) * sign > 0 ? a : b;
  return a.exclusive ? a : b;
}

/** @param {Json} s @returns {SchemaView} */
function ownView(s) {
  const rawTypes = s.type === undefined ? null : [s.type].flat();
  const types = rawTypes ? new Set(rawTypes.filter((t) => t !== 'null')) : null;
  const hasEnum = Array.isArray(s.enum) || 'const' in s;
  const enumList = 'const' in s ? [s.const] : Array.isArray(s.enum) ? s.enum : null;
  const composed = s.oneOf ?? s.anyOf;
  const variants = Array.isArray(composed) ? composed : null;
  // Without "type", "enum" or a oneOf/anyOf, a schema accepts anything, null included.
  const unconstrained = rawTypes === null && !hasEnum && !variants;
  const nullable =
    s.nullable === true ||
    (rawTypes?.includes('null') ?? false) ||
    (enumList?.includes(null) ?? false) ||
    unconstrained;
  return {
    ref: undefined,
    types,
    nullable,
    enumValues: enumList ? enumList.filter((v) => v !== null) : null,
    lower: {
      minimum: numericBound(s, 'minimum'),
      minLength: inclusive(s.minLength),
      minItems: inclusive(s.minItems),
      minProperties: inclusive(s.minProperties),
    },
    upper: {
      maximum: numericBound(s, 'maximum'),
      maxLength: inclusive(s.maxLength),
      maxItems: inclusive(s.maxItems),
      maxProperties: inclusive(s.maxProperties),
    },
    pattern: s.pattern,
    format: s.format,
    multipleOf: s.multipleOf,
    defaultValue: s.default,
    properties: new Map(Object.entries(s.properties ?? {})),
    required: new Set(Array.isArray(s.required) ? s.required : []),
    additionalProperties: s.additionalProperties,
    items: s.items,
    variants,
    variantKeyword: s.oneOf ? 'oneOf' : 'anyOf',
    readOnly: s.readOnly === true,
    writeOnly: s.writeOnly === true,
  };
}

/**
 * Combines views that must all hold (allOf members, or a schema and its single real variant).
 * @param {SchemaView} a
 * @param {SchemaView} b
 * @returns {SchemaView}
 */
function intersect(a, b) {
  let types = a.types ?? b.types;
  if (a.types && b.types) {
    types = new Set(
      [...a.types].filter((t) => b.types?.has(t) || (t === 'integer' && b.types?.has('number'))),
    );
    for (const t of b.types) if (t === 'integer' && a.types.has('number')) types.add('integer');
  }
  let enumValues = a.enumValues ?? b.enumValues;
  if (a.enumValues && b.enumValues) {
    const keys = new Set(b.enumValues.map((v) => JSON.stringify(v)));
    enumValues = a.enumValues.filter((v) => keys.has(JSON.stringify(v)));
  }
  const properties = new Map(a.properties);
  for (const [name, schema] of b.properties) {
    const existing = properties.get(name);
    properties.set(name, existing ? { allOf: [existing, schema] } : schema);
  }
  /** @type {Record<string, Bound | undefined>} */
  const lower = {};
  /** @type {Record<string, Bound | undefined>} */
  const upper = {};
  for (const k of Object.keys(a.lower)) lower[k] = stricter(a.lower[k], b.lower[k], 1);
  for (const k of Object.keys(a.upper)) upper[k] = stricter(a.upper[k], b.upper[k], -1);
  const closed = a.additionalProperties === false || b.additionalProperties === false;
  return {
    ref: a.ref ?? b.ref,
    types,
    nullable: a.nullable && b.nullable,
    enumValues,
    lower,
    upper,
    pattern: a.pattern ?? b.pattern,
    format: a.format ?? b.format,
    multipleOf: a.multipleOf ?? b.multipleOf,
    defaultValue: a.defaultValue ?? b.defaultValue,
    properties,
    required: new Set([...a.required, ...b.required]),
    additionalProperties: closed ? false : (a.additionalProperties ?? b.additionalProperties),
    items: a.items && b.items ? { allOf: [a.items, b.items] } : (a.items ?? b.items),
    variants: a.variants ?? b.variants,
    variantKeyword: a.variants ? a.variantKeyword : b.variantKeyword,
    readOnly: a.readOnly || b.readOnly,
    writeOnly: a.writeOnly || b.writeOnly,
  };
}

/**
 * @param {Json} doc the document the schema belongs to
 * @param {unknown} schema
 * @param {number} [depth]
 * @returns {SchemaView}
 */
export function viewOf(doc, schema, depth = 0) {
  if (depth > 64) throw new Error('schema nesting too deep (an allOf cycle?)');
  const { node, ref } = resolve(doc, schema);
  if (node === null || typeof node !== 'object') return { ...ownView({}), ref };
  let view = ownView(node);
  for (const member of Array.isArray(node.allOf) ? node.allOf : []) {
    view = intersect(view, viewOf(doc, member, depth + 1));
  }
  const composed = node.oneOf ?? node.anyOf;
  if (Array.isArray(composed)) {
    const variants = /** @type {Json[]} */ (composed);
    const real = variants.filter((v) => !isNullSchema(resolve(doc, v).node ?? {}));
    const nullVariant = real.length < variants.length;
    if (real.length === 1) {
      // "anyOf: [X, {type: null}]" is a nullable X.
      view = intersect(
        { ...view, variants: null, nullable: true },
        viewOf(doc, real[0], depth + 1),
      );
      view.nullable ||= nullVariant;
    } else {
      view.variants = real;
      view.nullable = nullVariant || real.some((v) => viewOf(doc, v, depth + 1).nullable);
    }
  }
  // @nestjs/swagger writes a nullable $ref as { allOf: [{ $ref }], nullable: true }.
  if (node.nullable === true) view.nullable = true;
  return { ...view, ref: ref ?? view.ref };
}
