// @ts-check
// Compares two versions of one schema. Direction decides what breaks a client:
// - "request" (what clients send): everything the old schema accepted must still be accepted;
// - "response" (what clients receive): everything the new schema allows must have been allowed,
//   and every field the old one promised must still be there.
import {
  compareBounds,
  compareDefault,
  compareEnums,
  compareKeyword,
} from './compare-constraints.js';
import { viewOf } from './schema-view.js';

/** @typedef {Record<string, any>} Json */
/** @typedef {'request' | 'response'} Direction */
/** @typedef {'breaking' | 'added' | 'changed'} Kind */
/** @typedef {Array<string | number>} Path */
/** @typedef {import('./schema-view.js').SchemaView} SchemaView */

/**
 * @typedef {object} Context
 * @property {Json} base
 * @property {Json} head
 * @property {(kind: Kind, path: Path, message: string) => void} report
 * @property {Set<string>} [active] pairs of $refs being compared, to stop on recursive schemas
 */

/** @param {Set<string> | null} types */
const typeList = (types) =>
  types === null ? 'any type' : [...types].sort().join(' | ') || 'no type';

/** Whether a value of type `t` fits a schema allowing `types` (integers are numbers). */
function allows(/** @type {Set<string> | null} */ types, /** @type {string} */ t) {
  return types === null || types.has(t) || (t === 'integer' && types.has('number'));
}

/**
 * @param {Context} ctx
 * @param {unknown} baseSchema
 * @param {unknown} headSchema
 * @param {Path} path
 * @param {Direction} direction
 */
export function compareSchema(ctx, baseSchema, headSchema, path, direction) {
  compareGuarded(ctx, viewOf(ctx.base, baseSchema), viewOf(ctx.head, headSchema), path, direction);
}

/**
 * @param {Context} ctx
 * @param {SchemaView} b
 * @param {SchemaView} h
 * @param {Path} path
 * @param {Direction} dir
 */
function compareViews(ctx, b, h, path, dir) {
  compareNullability(ctx, b, h, path, dir);
  if (b.variants || h.variants) {
    compareVariants(ctx, b, h, path, dir);
    return;
  }
  if (!compareTypes(ctx, b, h, path, dir)) return; // unrelated types: details would only be noise
  compareEnums(ctx, b, h, path, dir);
  compareBounds(ctx, b, h, path, dir);
  compareKeyword(ctx, 'pattern', b.pattern, h.pattern, path, dir);
  compareKeyword(ctx, 'format', b.format, h.format, path, dir);
  compareKeyword(ctx, 'multipleOf', b.multipleOf, h.multipleOf, path, dir);
  compareDefault(ctx, b, h, path);
  compareProperties(ctx, b, h, path, dir);
  if (b.items !== undefined || h.items !== undefined) {
    compareSchema(ctx, b.items, h.items, [...path, 'items'], dir);
  }
}

/** @param {Context} ctx @param {SchemaView} b @param {SchemaView} h @param {Path} path @param {Direction} dir */
function compareNullability(ctx, b, h, path, dir) {
  if (b.nullable === h.nullable) return;
  if (dir === 'request') {
    if (b.nullable) ctx.report('breaking', path, 'no longer accepts null');
    else ctx.report('changed', path, 'now accepts null');
  } else if (h.nullable) {
    ctx.report('breaking', path, 'may now be null');
  } else {
    ctx.report('changed', path, 'can no longer be null');
  }
}

/**
 * Request: every type the old schema took must still be taken. Response: every type the new
 * schema may produce must have been promised.
 * @returns {boolean} false when the two schemas share no type, so their details are unrelated
 * @param {Context} ctx @param {SchemaView} b @param {SchemaView} h @param {Path} path @param {Direction} dir
 */
function compareTypes(ctx, b, h, path, dir) {
  const before = typeList(b.types);
  const after = typeList(h.types);
  if (before === after) return true;
  // The types that must still fit, and the schema they must fit in.
  const [values, into] = dir === 'request' ? [b.types, h.types] : [h.types, b.types];
  const fits = values !== null && [...values].every((t) => allows(into, t));
  ctx.report(fits ? 'changed' : 'breaking', path, `type changed from ${before} to ${after}`);
  if (b.types === null || h.types === null) return true;
  const bTypes = b.types;
  const hTypes = h.types;
  return [...bTypes].some((t) => allows(hTypes, t)) || [...hTypes].some((t) => allows(bTypes, t));
}

/** @param {Context} ctx @param {SchemaView} b @param {SchemaView} h @param {Path} path @param {Direction} dir */
function compareProperties(ctx, b, h, path, dir) {
  // Read-only fields are never sent, write-only fields never received.
  const hidden = dir === 'request' ? 'readOnly' : 'writeOnly';
  const visible = (/** @type {Json} */ doc, /** @type {unknown} */ s) => !viewOf(doc, s)[hidden];
  const names = new Set([...b.properties.keys(), ...h.properties.keys()]);
  for (const name of names) {
    const at = [...path, 'properties', name];
    const before = b.properties.get(name);
    const after = h.properties.get(name);
    const wasThere = before !== undefined && visible(ctx.base, before);
    const isThere = after !== undefined && visible(ctx.head, after);
    const isRequired = h.required.has(name);
    if (wasThere && !isThere) {
      // Request: the server strips unknown properties, so a client's value would silently vanish.
      ctx.report(
        'breaking',
        at,
        dir === 'request' ? 'request property removed' : 'response property removed',
      );
    } else if (!wasThere && isThere) {
      if (dir === 'request' && isRequired) {
        ctx.report('breaking', at, 'new required property');
      } else {
        const what = dir === 'request' ? 'optional request property' : 'response property';
        ctx.report('added', at, `${what} added`);
      }
    } else if (wasThere && isThere) {
      compareRequired(ctx, b.required.has(name), h.required.has(name), at, dir);
      compareSchema(ctx, before, after, at, dir);
    }
  }
  compareAdditionalProperties(ctx, b, h, path, dir);
}

/**
 * Request: a field that becomes required breaks senders. Response: a field that is no longer
 * required breaks readers.
 * @param {Context} ctx @param {boolean} was @param {boolean} is @param {Path} at @param {Direction} dir
 */
function compareRequired(ctx, was, is, at, dir) {
  if (was === is) return;
  if (dir === 'request') {
    ctx.report(is ? 'breaking' : 'changed', at, is ? 'became required' : 'became optional');
  } else {
    ctx.report(
      was ? 'breaking' : 'changed',
      at,
      was ? 'no longer required (may be absent)' : 'now always present',
    );
  }
}

/** @param {Context} ctx @param {SchemaView} b @param {SchemaView} h @param {Path} path @param {Direction} dir */
function compareAdditionalProperties(ctx, b, h, path, dir) {
  const before = b.additionalProperties;
  const after = h.additionalProperties;
  const at = [...path, 'additionalProperties'];
  const isOpen = (/** @type {unknown} */ v) => v === undefined || v === true;
  if (isOpen(before) && isOpen(after)) return;
  if (after === false && before !== false) {
    ctx.report(
      dir === 'request' ? 'breaking' : 'changed',
      at,
      'additional properties no longer allowed',
    );
  } else if (before === false && after !== false) {
    ctx.report('changed', at, 'additional properties now allowed');
  } else if (before !== false && after !== false) {
    compareSchema(ctx, isOpen(before) ? {} : before, isOpen(after) ? {} : after, at, dir);
  }
}

/** @param {SchemaView} view a short name for a variant: its schema name, else its types */
const variantName = (view) => view.ref?.split('/').pop() ?? typeList(view.types);

/**
 * Variants keyed by name (a second variant of the same name gets " #2"), each with its position.
 * A plain schema counts as the single variant of itself.
 * @param {Json} doc @param {SchemaView} view
 * @returns {Map<string, { view: SchemaView, index: number }>}
 */
function variantsOf(doc, view) {
  const views = view.variants
    ? view.variants.map((v) => viewOf(doc, v))
    : [{ ...view, variants: null }];
  /** @type {Map<string, { view: SchemaView, index: number }>} */
  const keyed = new Map();
  views.forEach((v, index) => {
    let key = variantName(v);
    for (let n = 2; keyed.has(key); n++) key = `${variantName(v)} #${n}`;
    keyed.set(key, { view: v, index });
  });
  return keyed;
}

/** @param {Context} ctx @param {SchemaView} b @param {SchemaView} h @param {Path} path @param {Direction} dir */
function compareVariants(ctx, b, h, path, dir) {
  const before = variantsOf(ctx.base, b);
  const after = variantsOf(ctx.head, h);
  /** @param {SchemaView} view @param {number} index */
  const at = (view, index) => (view.variants ? [...path, view.variantKeyword, index] : path);
  for (const [key, { view, index }] of before) {
    const match = after.get(key);
    if (!match) {
      ctx.report(
        dir === 'request' ? 'breaking' : 'changed',
        at(b, index),
        `variant ${key} removed`,
      );
    } else {
      // Nullability was compared on the whole schema; compare the rest of each variant.
      const where = h.variants ? at(h, match.index) : at(b, index);
      compareGuarded(
        ctx,
        { ...view, nullable: false },
        { ...match.view, nullable: false },
        where,
        dir,
      );
    }
  }
  for (const [key, { index }] of after) {
    if (before.has(key)) continue;
    ctx.report(dir === 'response' ? 'breaking' : 'added', at(h, index), `variant ${key} added`);
  }
}

/**
 * compareViews, stopping where a recursive schema meets a pair of $refs already being compared.
 * @param {Context} ctx @param {SchemaView} b @param {SchemaView} h @param {Path} path @param {Direction} dir
 */
function compareGuarded(ctx, b, h, path, dir) {
  const pair = b.ref && h.ref ? `${dir} ${b.ref} ${h.ref}` : undefined;
  const active = (ctx.active ??= new Set());
  if (pair && active.has(pair)) return;
  if (pair) active.add(pair);
  try {
    compareViews(ctx, b, h, path, dir);
  } finally {
    if (pair) active.delete(pair);
  }
}
