// @ts-check
/** Label selector matching, as the API server does it (matchLabels and matchExpressions). */

/**
 * @typedef {{ key: string; operator: string; values?: string[] }} Requirement
 * @typedef {{ matchLabels?: Record<string, string>; matchExpressions?: Requirement[] }} LabelSelector
 */

/**
 * A LabelSelector (PDB, NetworkPolicy). An empty selector matches everything; a missing one,
 * nothing, as for a PDB without a selector.
 * @param {LabelSelector | undefined | null} selector
 * @param {Record<string, string>} labels
 */
export function selects(selector, labels) {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    if (operator === 'In' && !(has && values.includes(labels[key]))) return false;
    if (operator === 'NotIn' && has && values.includes(labels[key])) return false;
    if (operator === 'Exists' && !has) return false;
    if (operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/**
 * A Service's plain map selector: a Service without one selects no pods (it is for manually
 * managed endpoints).
 * @param {Record<string, string> | undefined} selector
 * @param {Record<string, string>} labels
 */
export function mapSelects(selector, labels) {
  if (!selector || Object.keys(selector).length === 0) return false;
  return selects({ matchLabels: selector }, labels);
}
