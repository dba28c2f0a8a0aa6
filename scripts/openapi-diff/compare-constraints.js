// @ts-check
// Compares the constraints of one schema that hold a value, not structure: enum, bounds (minimum,
// maxLength, ...), pattern, format and multipleOf. Same direction rules as compare-schema.js.
import { LOWER_BOUNDS, UPPER_BOUNDS } from './schema-view.js';

/** @typedef {import('./compare-schema.js').Context} Context */
/** @typedef {import('./compare-schema.js').Path} Path */
/** @typedef {import('./compare-schema.js').Direction} Direction */
/** @typedef {import('./schema-view.js').SchemaView} SchemaView */
/** @typedef {import('./schema-view.js').Bound} Bound */

/** @param {unknown[]} values */
const list = (values) => values.map((v) => JSON.stringify(v)).join(', ');

/**
 * @param {unknown[]} a
 * @param {unknown[]} b
 * @returns {unknown[]} the values of a that b lacks
 */
function missingFrom(a, b) {
  const keys = new Set(b.map((v) => JSON.stringify(v)));
  return a.filter((v) => !keys.has(JSON.stringify(v)));
}

/** @param {Context} ctx @param {SchemaView} b @param {SchemaView} h @param {Path} path @param {Direction} dir */
export function compareEnums(ctx, b, h, path, dir) {
  if (!b.enumValues && !h.enumValues) return;
  const at = [...path, 'enum'];
  if (b.enumValues && h.enumValues) {
    const removed = missingFrom(b.enumValues, h.enumValues);
    const added = missingFrom(h.enumValues, b.enumValues);
    if (removed.length > 0) {
      ctx.report(
        dir === 'request' ? 'breaking' : 'changed',
        at,
        `enum value(s) removed: ${list(removed)}`,
      );
    }
    if (added.length > 0) {
      ctx.report(
        dir === 'response' ? 'breaking' : 'added',
        at,
        `enum value(s) added: ${list(added)}`,
      );
    }
  } else if (h.enumValues) {
    ctx.report(
      dir === 'request' ? 'breaking' : 'changed',
      at,
      `now restricted to ${list(h.enumValues)}`,
    );
  } else if (b.enumValues) {
    ctx.report(
      dir === 'response' ? 'breaking' : 'changed',
      at,
      `no longer restricted to ${list(b.enumValues)}`,
    );
  }
}

/**
 * @param {Bound | undefined} bound
 */
const show = (bound) => (bound ? `${bound.value}${bound.exclusive ? ' (exclusive)' : ''}` : 'none');

/**
 * @param {Bound | undefined} a
 * @param {Bound | undefined} b
 * @param {1 | -1} sign 1 for lower bounds, -1 for upper bounds
 * @returns {boolean} whether bound b admits fewer values than bound a
 */
function tighter(a, b, sign) {
  if (!b) return false;
  if (!a) return true;
  if (a.value !== b.value) return (b.value - a.value) * sign > 0;
  return b.exclusive && !a.exclusive;
}

/** @param {Context} ctx @param {SchemaView} b @param {SchemaView} h @param {Path} path @param {Direction} dir */
export function compareBounds(ctx, b, h, path, dir) {
  /** @type {Array<[Record<string, Bound | undefined>, Record<string, Bound | undefined>, string[], 1 | -1]>} */
  const groups = [
    [b.lower, h.lower, LOWER_BOUNDS, 1],
    [b.upper, h.upper, UPPER_BOUNDS, -1],
  ];
  for (const [bb, hb, keys, sign] of groups) {
    for (const key of keys) {
      const before = bb[key];
      const after = hb[key];
      if (show(before) === show(after)) continue;
      const narrowed = tighter(before, after, sign);
      const verb = sign === 1 ? (narrowed ? 'raised' : 'lowered') : narrowed ? 'lowered' : 'raised';
      const message = !before
        ? `${key} ${show(after)} added`
        : !after
          ? `${key} ${show(before)} removed`
          : `${key} ${verb} from ${show(before)} to ${show(after)}`;
      const breaking = dir === 'request' ? narrowed : !narrowed;
      ctx.report(breaking ? 'breaking' : 'changed', [...path, key], message);
    }
  }
}

/**
 * Keywords whose values cannot be ordered (a new pattern may reject what the old one took).
 * @param {Context} ctx @param {string} key @param {unknown} before @param {unknown} after
 * @param {Path} path @param {Direction} dir
 */
export function compareKeyword(ctx, key, before, after, path, dir) {
  if (before === after) return;
  const at = [...path, key];
  // Request: any new or changed value may reject old input. Response: any removed or changed
  // value may produce what clients never saw.
  const breaking = dir === 'request' ? after !== undefined : before !== undefined;
  const message =
    before === undefined
      ? `${key} ${JSON.stringify(after)} added`
      : after === undefined
        ? `${key} ${JSON.stringify(before)} removed`
        : `${key} changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}`;
  ctx.report(breaking ? 'breaking' : 'changed', at, message);
}

/**
 * A new default changes what clients that omit the value get, without breaking their requests:
 * listed, never breaking.
 * @param {Context} ctx @param {SchemaView} b @param {SchemaView} h @param {Path} path
 */
export function compareDefault(ctx, b, h, path) {
  const before = JSON.stringify(b.defaultValue);
  const after = JSON.stringify(h.defaultValue);
  if (before === after) return;
  const message =
    before === undefined
      ? `default ${after} added`
      : after === undefined
        ? `default ${before} removed`
        : `default changed from ${before} to ${after}`;
  ctx.report('changed', [...path, 'default'], message);
}
