// @ts-check
// Follows local $refs ("#/components/...") inside one OpenAPI document.

/**
 * @typedef {Record<string, any>} Json
 */

/**
 * @param {string} pointer a local JSON pointer such as "#/components/schemas/Article"
 * @returns {string[]}
 */
function segmentsOf(pointer) {
  return pointer
    .slice(2)
    .split('/')
    .map((s) => decodeURIComponent(s).replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * Returns the node a (possibly chained) $ref points to, with the ref's sibling keywords laid over
 * it (OpenAPI 3.1 allows "description" or "nullable" next to a $ref). Unresolvable refs throw:
 * comparing against a broken document would report nonsense.
 * @param {Json} doc
 * @param {unknown} node
 * @returns {{ node: Json | undefined, ref: string | undefined }}
 */
export function resolve(doc, node) {
  /** @type {string | undefined} */
  let ref;
  let current = /** @type {Json | undefined} */ (node);
  for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new Error(`$ref loop at ${current.$ref}`);
    const pointer = /** @type {string} */ (current.$ref);
    if (!pointer.startsWith('#/')) throw new Error(`only local $refs are supported: ${pointer}`);
    ref ??= pointer;
    /** @type {any} */
    let target = doc;
    for (const segment of segmentsOf(pointer)) target = target?.[segment];
    if (target === undefined) throw new Error(`unresolved $ref ${pointer}`);
    const { $ref: _ref, ...siblings } = current;
    current = Object.keys(siblings).length > 0 ? { ...target, ...siblings } : target;
  }
  return { node: current, ref };
}
