// @ts-check
// Compares what an operation takes and answers: its request body, and its responses by status
// with their media types, schemas and headers.
import { schemaOfParameter } from './compare-parameters.js';
import { compareSchema } from './compare-schema.js';
import { resolve } from './resolve.js';

/** @typedef {Record<string, any>} Json */
/** @typedef {import('./compare-schema.js').Path} Path */
/** @typedef {import('./compare-schema.js').Context} Context */
/** @typedef {import('./compare-schema.js').Direction} Direction */

/** @param {string} mediaType "application/json; charset=utf-8" -> "application/json" */
const mediaKey = (mediaType) => mediaType.split(';')[0].trim().toLowerCase();

/**
 * Pairs the keys of two maps that differ only in spelling (case, media type parameters).
 * @param {Json} before @param {Json} after @param {(key: string) => string} normalize
 * @returns {{ pairs: Array<[string, string]>, removed: string[], added: string[] }}
 */
function pairKeys(before, after, normalize) {
  const afterByKey = new Map(Object.keys(after).map((k) => [normalize(k), k]));
  const beforeKeys = new Set(Object.keys(before).map(normalize));
  /** @type {Array<[string, string]>} */
  const pairs = [];
  /** @type {string[]} */
  const removed = [];
  for (const key of Object.keys(before)) {
    const match = afterByKey.get(normalize(key));
    if (match === undefined) removed.push(key);
    else pairs.push([key, match]);
  }
  const added = Object.keys(after).filter((k) => !beforeKeys.has(normalize(k)));
  return { pairs, removed, added };
}

/**
 * @param {Context} ctx @param {unknown} rawBefore @param {unknown} rawAfter @param {Path} at
 */
export function compareRequestBody(ctx, rawBefore, rawAfter, at) {
  const before = resolve(ctx.base, rawBefore).node;
  const after = resolve(ctx.head, rawAfter).node;
  if (!before && !after) return;
  if (!after) {
    ctx.report('breaking', at, 'request body removed (a sent body would be ignored)');
  } else if (!before) {
    if (after.required === true) ctx.report('breaking', at, 'request body added and required');
    else ctx.report('added', at, 'optional request body added');
  } else {
    if (after.required === true && before.required !== true) {
      ctx.report('breaking', at, 'request body became required');
    }
    compareContent(ctx, before.content ?? {}, after.content ?? {}, [...at, 'content'], 'request');
  }
}

/**
 * @param {Context} ctx @param {Json} before @param {Json} after @param {Path} at
 * @param {Direction} dir
 */
function compareContent(ctx, before, after, at, dir) {
  const { pairs, removed, added } = pairKeys(before, after, mediaKey);
  for (const type of removed) {
    const message = dir === 'request' ? `no longer accepts ${type}` : `no longer returns ${type}`;
    ctx.report('breaking', [...at, type], message);
  }
  for (const [b, h] of pairs) {
    compareSchema(ctx, before[b]?.schema, after[h]?.schema, [...at, h, 'schema'], dir);
  }
  for (const type of added) {
    const message = dir === 'request' ? `now also accepts ${type}` : `may also return ${type}`;
    ctx.report('added', [...at, type], message);
  }
}

/**
 * @param {Context} ctx @param {Json} before @param {Json} after @param {Path} at
 */
export function compareResponses(ctx, before, after, at) {
  const { pairs, removed, added } = pairKeys(before, after, (k) => k.toUpperCase());
  for (const status of removed) {
    ctx.report('breaking', [...at, status], `response ${status} removed`);
  }
  for (const [bStatus, hStatus] of pairs) {
    const b = resolve(ctx.base, before[bStatus]).node ?? {};
    const h = resolve(ctx.head, after[hStatus]).node ?? {};
    const here = [...at, hStatus];
    compareContent(ctx, b.content ?? {}, h.content ?? {}, [...here, 'content'], 'response');
    compareHeaders(ctx, b.headers ?? {}, h.headers ?? {}, [...here, 'headers']);
  }
  for (const status of added) ctx.report('added', [...at, status], `response ${status} added`);
}

/**
 * @param {Context} ctx @param {Json} before @param {Json} after @param {Path} at
 */
function compareHeaders(ctx, before, after, at) {
  const { pairs, removed, added } = pairKeys(before, after, (k) => k.toLowerCase());
  for (const name of removed) {
    ctx.report('breaking', [...at, name], `response header ${name} removed`);
  }
  for (const [bName, hName] of pairs) {
    const b = resolve(ctx.base, before[bName]).node ?? {};
    const h = resolve(ctx.head, after[hName]).node ?? {};
    if (b.required === true && h.required !== true) {
      ctx.report('breaking', [...at, hName], `response header ${hName} no longer always sent`);
    }
    const schemaAt = [...at, hName, 'schema'];
    compareSchema(ctx, schemaOfParameter(b), schemaOfParameter(h), schemaAt, 'response');
  }
  for (const name of added) ctx.report('added', [...at, name], `response header ${name} added`);
}
