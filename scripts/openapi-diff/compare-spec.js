// @ts-check
// Compares two OpenAPI 3 documents operation by operation and lists what changed for clients.
import { compareRequestBody, compareResponses } from './compare-bodies.js';
import { compareParameters, parametersOf } from './compare-parameters.js';
import { resolve } from './resolve.js';

/** @typedef {Record<string, any>} Json */
/** @typedef {import('./compare-schema.js').Kind} Kind */
/** @typedef {import('./compare-schema.js').Path} Path */
/** @typedef {import('./compare-schema.js').Context} Context */
/** @typedef {{ kind: Kind, path: Path, message: string }} Change */

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** "/articles/{slug}" and "/articles/{id}" are the same route: parameter names do not matter. */
const routeKey = (/** @type {string} */ path) => path.replace(/\{[^}]*\}/g, '{}');

/**
 * @param {Json} base the document clients were built against
 * @param {Json} head the new document
 * @returns {Change[]} in document order, breaking or not
 */
export function compareSpecs(base, head) {
  /** @type {Change[]} */
  const changes = [];
  /** @type {Context} */
  const ctx = {
    base,
    head,
    report: (kind, path, message) => changes.push({ kind, path, message }),
  };
  const headPaths = head.paths ?? {};
  const headRoutes = new Map(Object.keys(headPaths).map((p) => [routeKey(p), p]));
  const baseRoutes = new Set(Object.keys(base.paths ?? {}).map(routeKey));
  for (const [basePath, baseItem] of Object.entries(base.paths ?? {})) {
    const headPath = headRoutes.get(routeKey(basePath));
    if (headPath === undefined) {
      ctx.report('breaking', ['paths', basePath], 'path removed');
      continue;
    }
    const before = resolve(base, baseItem).node ?? {};
    const after = resolve(head, headPaths[headPath]).node ?? {};
    comparePathItem(ctx, { path: basePath, item: before }, { path: headPath, item: after });
  }
  for (const headPath of Object.keys(headPaths)) {
    if (!baseRoutes.has(routeKey(headPath))) ctx.report('added', ['paths', headPath], 'path added');
  }
  return changes;
}

/**
 * @param {Context} ctx
 * @param {{ path: string, item: Json }} base
 * @param {{ path: string, item: Json }} head
 */
function comparePathItem(ctx, base, head) {
  for (const method of METHODS) {
    const before = base.item[method];
    const after = head.item[method];
    if (before && !after) ctx.report('breaking', ['paths', base.path, method], 'operation removed');
    if (!before && after) ctx.report('added', ['paths', head.path, method], 'operation added');
    if (!before || !after) continue;
    const at = ['paths', head.path, method];
    if (after.deprecated === true && before.deprecated !== true) {
      ctx.report('changed', at, 'operation deprecated');
    }
    compareSecurity(ctx, before, after, at);
    compareParameters(
      ctx,
      parametersOf(ctx.base, base.path, base.item, before),
      parametersOf(ctx.head, head.path, head.item, after),
      at,
    );
    compareRequestBody(ctx, before.requestBody, after.requestBody, [...at, 'requestBody']);
    compareResponses(ctx, before.responses ?? {}, after.responses ?? {}, [...at, 'responses']);
  }
}

/** @param {Json[]} requirements alternatives (OR) of scheme sets (AND); {} means anonymous */
const anonymous = (requirements) =>
  requirements.length === 0 || requirements.some((r) => Object.keys(r).length === 0);

/**
 * @param {Context} ctx @param {Json} before @param {Json} after @param {Path} operation
 */
function compareSecurity(ctx, before, after, operation) {
  const b = before.security ?? ctx.base.security ?? [];
  const h = after.security ?? ctx.head.security ?? [];
  const at = [...operation, 'security'];
  if (anonymous(b) && !anonymous(h)) ctx.report('breaking', at, 'now requires authentication');
  if (!anonymous(b) && anonymous(h)) ctx.report('changed', at, 'no longer requires authentication');
  if (anonymous(b) || anonymous(h)) return;
  const bSchemes = new Set(b.flatMap((/** @type {Json} */ r) => Object.keys(r)));
  const hSchemes = new Set(h.flatMap((/** @type {Json} */ r) => Object.keys(r)));
  for (const name of bSchemes) {
    if (!hSchemes.has(name))
      ctx.report('breaking', at, `no longer accepts security scheme ${name}`);
  }
  for (const name of hSchemes) {
    if (!bSchemes.has(name)) ctx.report('added', at, `now also accepts security scheme ${name}`);
  }
}
