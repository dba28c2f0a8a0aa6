// @ts-check
// Compares the parameters of one operation (path, query, header, cookie). Clients send them, so
// the request rules of compare-schema.js apply.
import { compareSchema } from './compare-schema.js';
import { resolve } from './resolve.js';

/** @typedef {Record<string, any>} Json */
/** @typedef {import('./compare-schema.js').Path} Path */
/** @typedef {import('./compare-schema.js').Context} Context */

// OpenAPI says these header parameters are ignored: content negotiation and auth describe them.
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/**
 * The operation's parameters with the path item's, keyed by location and name (path parameters
 * by position in the template, header names case-insensitively).
 * @param {Json} doc @param {string} path @param {Json} item @param {Json} operation
 * @returns {Map<string, Json>}
 */
export function parametersOf(doc, path, item, operation) {
  const templateNames = [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  /** @type {Map<string, Json>} */
  const params = new Map();
  for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
    const p = resolve(doc, raw).node;
    if (!p || typeof p.name !== 'string') continue;
    if (p.in === 'header' && IGNORED_HEADERS.has(p.name.toLowerCase())) continue;
    const name = p.in === 'header' ? p.name.toLowerCase() : p.name;
    const key = p.in === 'path' ? `path #${templateNames.indexOf(p.name) + 1}` : `${p.in} ${name}`;
    params.set(key, p); // an operation-level parameter overrides the path item's
  }
  return params;
}

/** @param {Json} p @returns {string} */
const label = (p) => `${p.in} parameter "${p.name}"`;

/** @param {Path} at @param {Json} p @returns {Path} */
const pathOf = (at, p) => [...at, 'parameters', `${p.in}:${p.name}`];

/**
 * @param {Context} ctx @param {Map<string, Json>} before @param {Map<string, Json>} after
 * @param {Path} at the operation
 */
export function compareParameters(ctx, before, after, at) {
  for (const [key, b] of before) {
    const h = after.get(key);
    if (!h) {
      ctx.report('breaking', pathOf(at, b), `${label(b)} removed`);
      continue;
    }
    const here = pathOf(at, h);
    if (h.required === true && b.required !== true) {
      ctx.report('breaking', here, `${label(h)} became required`);
    } else if (b.required === true && h.required !== true) {
      ctx.report('changed', here, `${label(h)} became optional`);
    }
    compareSchema(ctx, schemaOfParameter(b), schemaOfParameter(h), [...here, 'schema'], 'request');
  }
  for (const [key, h] of after) {
    if (before.has(key)) continue;
    if (h.required === true) ctx.report('breaking', pathOf(at, h), `new required ${label(h)}`);
    else ctx.report('added', pathOf(at, h), `optional ${label(h)} added`);
  }
}

/** @param {Json} p a parameter or header: its schema, or the schema of its single media type */
export function schemaOfParameter(p) {
  if (p.schema !== undefined) return p.schema;
  const media = Object.values(p.content ?? {})[0];
  return media?.schema;
}
