// @ts-check
/**
 * Schema validation of rendered Kubernetes objects with the model packages' compiled JSON
 * schemas: `kubernetes-models` (the built-in API groups), `@kubernetes-models/keda`
 * (keda.sh) and `@kubernetes-models/prometheus-operator` (monitoring.coreos.com).
 *
 * Each package lays its models out as <package>/<group>/<version> (the core group as
 * <package>/v1), with one exported class per kind, so apiVersion and kind find the model
 * without a hand-written table. A kind no package knows is an error: an object that nothing
 * validates is exactly what this check exists to catch.
 */

const packages = [
  'kubernetes-models',
  '@kubernetes-models/keda',
  '@kubernetes-models/prometheus-operator',
];

/** @typedef {{ validate(): void }} ModelInstance */
/** @typedef {new (data: object) => ModelInstance} ModelClass */

/** @type {Map<string, Promise<Record<string, unknown> | undefined>>} */
const modules = new Map();

/** @param {string} specifier */
function load(specifier) {
  let found = modules.get(specifier);
  if (!found) {
    found = import(specifier).then(
      (module) => /** @type {Record<string, unknown>} */ (module),
      () => undefined,
    );
    modules.set(specifier, found);
  }
  return found;
}

/**
 * @param {string} apiVersion e.g. "apps/v1", "v1", "keda.sh/v1alpha1"
 * @param {string} kind
 * @returns {Promise<ModelClass | undefined>}
 */
export async function modelFor(apiVersion, kind) {
  if (!/^[a-z0-9.-]+(\/v[0-9a-z]+)?$/.test(apiVersion) || !/^[A-Za-z0-9]+$/.test(kind)) {
    return undefined;
  }
  for (const pkg of packages) {
    const module = await load(`${pkg}/${apiVersion}`);
    const model = module?.[kind];
    if (typeof model === 'function') return /** @type {ModelClass} */ (model);
  }
  return undefined;
}

/**
 * The schema errors of one object, as "path: message" strings (empty when valid).
 * @param {Record<string, any>} object
 * @returns {Promise<string[]>}
 */
export async function schemaErrors(object) {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return ['apiVersion and kind must be strings'];
  }
  const Model = await modelFor(apiVersion, kind);
  if (!Model) return [`no schema known for apiVersion ${apiVersion}, kind ${kind}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    const details = /** @type {{ errors?: { instancePath: string; message?: string }[] }} */ (error)
      .errors;
    if (!Array.isArray(details)) return [String(error)];
    return details.map((detail) => `${detail.instancePath || '/'}: ${detail.message ?? 'invalid'}`);
  }
}
