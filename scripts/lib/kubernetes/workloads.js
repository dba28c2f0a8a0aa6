// @ts-check
/** Pod templates and the environment of their containers, read from rendered objects. */

/**
 * @typedef {Record<string, any>} K8sObject
 * @typedef {{
 *   object: K8sObject;
 *   ref: string;
 *   namespace: string;
 *   labels: Record<string, string>;
 *   pod: Record<string, any>;
 * }} Workload
 */

/** @param {K8sObject} object */
export function refOf(object) {
  return `${object.kind}/${object.metadata?.name ?? '(unnamed)'}`;
}

/** @param {K8sObject} object */
export function namespaceOf(object) {
  return object.metadata?.namespace ?? '';
}

/**
 * Every object that carries a pod, with the pod spec and the labels its pods get.
 * @param {K8sObject[]} objects
 * @returns {Workload[]}
 */
export function workloads(objects) {
  /** @type {Workload[]} */
  const found = [];
  for (const object of objects) {
    /** @type {{ metadata?: any; spec?: any } | undefined} */
    let template;
    switch (object.kind) {
      case 'Deployment':
      case 'StatefulSet':
      case 'DaemonSet':
      case 'ReplicaSet':
      case 'Job':
        template = object.spec?.template;
        break;
      case 'CronJob':
        template = object.spec?.jobTemplate?.spec?.template;
        break;
      case 'Pod':
        template = object;
        break;
    }
    if (!template) continue;
    found.push({
      object,
      ref: refOf(object),
      namespace: namespaceOf(object),
      labels: template.metadata?.labels ?? {},
      pod: template.spec ?? {},
    });
  }
  return found;
}

/**
 * @param {Record<string, any>} pod
 * @returns {{ container: Record<string, any>; init: boolean }[]}
 */
export function containersOf(pod) {
  return [
    ...(pod.initContainers ?? []).map((/** @type {any} */ container) => ({
      container,
      init: true,
    })),
    ...(pod.containers ?? []).map((/** @type {any} */ container) => ({ container, init: false })),
  ];
}

/**
 * The literal environment a container gets from `env` values and ConfigMaps (envFrom and
 * configMapKeyRef) found among the rendered objects. Secrets and field references are left
 * out: their values are not in the manifests.
 * @param {Record<string, any>} container
 * @param {string} namespace
 * @param {K8sObject[]} objects
 * @returns {Record<string, string>}
 */
export function environmentOf(container, namespace, objects) {
  /** @param {string} name */
  const configMap = (name) =>
    objects.find(
      (object) =>
        object.kind === 'ConfigMap' &&
        object.metadata?.name === name &&
        namespaceOf(object) === namespace,
    )?.data ?? {};
  /** @type {Record<string, string>} */
  const env = {};
  for (const source of container.envFrom ?? []) {
    if (!source.configMapRef?.name) continue;
    for (const [key, value] of Object.entries(configMap(source.configMapRef.name))) {
      env[`${source.prefix ?? ''}${key}`] = String(value);
    }
  }
  // Later entries of `env` win over envFrom, as in the kubelet.
  for (const entry of container.env ?? []) {
    if (typeof entry.value === 'string') env[entry.name] = entry.value;
    const ref = entry.valueFrom?.configMapKeyRef;
    if (ref?.name && ref.key) {
      const value = configMap(ref.name)[ref.key];
      if (value !== undefined) env[entry.name] = String(value);
    }
  }
  return env;
}
