// @ts-check
/**
 * Policy checks on rendered manifests: what issue 15 asks of every pod and workload, beyond
 * what the schemas can say. Each check returns findings; the caller adds the overlay name.
 */
import { mapSelects, selects } from './selectors.js';
import { shutdownDefaults } from './shutdown-defaults.js';
import { containersOf, environmentOf, namespaceOf, refOf, workloads } from './workloads.js';

/**
 * @typedef {import('./workloads.js').K8sObject} K8sObject
 * @typedef {import('./workloads.js').Workload} Workload
 * @typedef {{ object: string; container?: string; rule: string; message: string }} Finding
 * @typedef {{ requireDigest?: boolean }} PolicyOptions
 */

/** Kinds whose pods run until stopped, and so get SIGTERM on every rollout. */
const longRunning = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * @param {K8sObject[]} objects
 * @param {PolicyOptions} [options]
 * @returns {Finding[]}
 */
export function policyFindings(objects, options = {}) {
  const pods = workloads(objects);
  return [
    ...pods.flatMap((workload) => containerFindings(workload, options)),
    ...pods.flatMap((workload) => serviceAccountFindings(workload, objects)),
    ...pods.flatMap((workload) => probeFindings(workload, objects)),
    ...pods.flatMap((workload) => gracePeriodFindings(workload, objects)),
    ...pods.flatMap((workload) => disruptionBudgetFindings(workload, objects)),
    ...networkPolicyFindings(pods, objects),
    ...duplicateFindings(objects),
    ...autoscalerFindings(objects),
  ];
}

/**
 * Two objects with one identity: kustomize can emit both (a component added twice), and the
 * second apply silently replaces the first.
 * @param {K8sObject[]} objects
 * @returns {Finding[]}
 */
function duplicateFindings(objects) {
  const seen = new Set();
  /** @type {Finding[]} */
  const findings = [];
  for (const object of objects) {
    const id = `${object.apiVersion}|${object.kind}|${namespaceOf(object)}|${object.metadata?.name}`;
    if (seen.has(id)) {
      findings.push({
        object: refOf(object),
        rule: 'duplicate-object',
        message: 'rendered more than once',
      });
    }
    seen.add(id);
  }
  return findings;
}

/**
 * One autoscaler per workload: an HPA and a KEDA ScaledObject (which makes an HPA of its own)
 * on the same Deployment fight over its replicas, and KEDA's webhook refuses the pair.
 * @param {K8sObject[]} objects
 * @returns {Finding[]}
 */
function autoscalerFindings(objects) {
  /** @type {Map<string, string[]>} */
  const byTarget = new Map();
  for (const scaler of objects) {
    if (scaler.kind !== 'HorizontalPodAutoscaler' && scaler.kind !== 'ScaledObject') continue;
    const target = scaler.spec?.scaleTargetRef ?? {};
    const key = `${target.kind ?? 'Deployment'}/${target.name}|${namespaceOf(scaler)}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), refOf(scaler)]);
  }
  return [...byTarget]
    .filter(([, scalers]) => scalers.length > 1)
    .map(([key, scalers]) => ({
      object: key.split('|')[0],
      rule: 'one-autoscaler',
      message: `scaled by ${scalers.join(' and ')}; keep one`,
    }));
}

/**
 * The securityContext, resources and image of every container and init container.
 * @param {Workload} workload
 * @param {PolicyOptions} options
 * @returns {Finding[]}
 */
function containerFindings({ ref, pod }, options) {
  /** @type {Finding[]} */
  const findings = [];
  const podContext = pod.securityContext ?? {};
  for (const { container, init } of containersOf(pod)) {
    const name = `${init ? 'initContainer' : 'container'} ${container.name}`;
    /** @param {string} rule @param {string} message */
    const fail = (rule, message) => findings.push({ object: ref, container: name, rule, message });
    const context = container.securityContext ?? {};

    if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true) {
      fail('run-as-non-root', 'securityContext.runAsNonRoot must be true (pod or container)');
    }
    if (
      context.runAsUser === 0 ||
      (context.runAsUser === undefined && podContext.runAsUser === 0)
    ) {
      fail('run-as-non-root', 'runAsUser is 0 (root)');
    }
    if (context.readOnlyRootFilesystem !== true) {
      fail('read-only-root-filesystem', 'securityContext.readOnlyRootFilesystem must be true');
    }
    if (context.allowPrivilegeEscalation !== false) {
      fail('no-privilege-escalation', 'securityContext.allowPrivilegeEscalation must be false');
    }
    if (context.privileged === true) fail('no-privilege-escalation', 'container is privileged');
    if (!(context.capabilities?.drop ?? []).includes('ALL')) {
      fail('drop-all-capabilities', 'securityContext.capabilities.drop must include ALL');
    }
    if ((context.capabilities?.add ?? []).length > 0) {
      fail('drop-all-capabilities', `adds capabilities ${context.capabilities.add.join(', ')}`);
    }
    const seccomp = (context.seccompProfile ?? podContext.seccompProfile)?.type;
    if (seccomp !== 'RuntimeDefault') {
      fail(
        'seccomp-runtime-default',
        `seccompProfile.type is ${seccomp ?? 'unset'}, not RuntimeDefault`,
      );
    }
    for (const bound of ['requests', 'limits']) {
      for (const resource of ['cpu', 'memory']) {
        if (container.resources?.[bound]?.[resource] === undefined) {
          fail('resources', `resources.${bound}.${resource} is not set`);
        }
      }
    }
    findings.push(...imageFindings(ref, name, container.image, options));
  }
  return findings;
}

/**
 * @param {string} ref
 * @param {string} container
 * @param {unknown} image
 * @param {PolicyOptions} options
 * @returns {Finding[]}
 */
function imageFindings(ref, container, image, options) {
  /** @param {string} rule @param {string} message @returns {Finding[]} */
  const fail = (rule, message) => [{ object: ref, container, rule, message }];
  if (typeof image !== 'string' || image === '') return fail('image-tag', 'no image');
  const [named, digest] = image.split('@');
  // A tag follows the last colon after the last slash (a registry host may carry a port).
  const lastPart = named.slice(named.lastIndexOf('/') + 1);
  const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : undefined;
  if (tag === 'latest') return fail('image-tag', `image ${image} uses :latest`);
  if (digest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(digest)) {
    return fail('image-digest', `image ${image} has a malformed digest`);
  }
  if (tag === undefined && digest === undefined) {
    return fail('image-tag', `image ${image} has neither tag nor digest (means :latest)`);
  }
  if (options.requireDigest && digest === undefined) {
    return fail('image-digest', `image ${image} is not pinned by digest (@sha256:...)`);
  }
  return [];
}

/**
 * The pod must not get an API token: it never calls the Kubernetes API. The pod spec's
 * setting wins over its ServiceAccount's.
 * @param {Workload} workload
 * @param {K8sObject[]} objects
 * @returns {Finding[]}
 */
function serviceAccountFindings({ ref, namespace, pod }, objects) {
  const accountName = pod.serviceAccountName ?? 'default';
  const account = objects.find(
    (object) =>
      object.kind === 'ServiceAccount' &&
      object.metadata?.name === accountName &&
      namespaceOf(object) === namespace,
  );
  const mounted = pod.automountServiceAccountToken ?? account?.automountServiceAccountToken;
  if (mounted === false) return [];
  const why =
    pod.automountServiceAccountToken === true
      ? 'the pod spec sets automountServiceAccountToken: true'
      : account
        ? `ServiceAccount/${accountName} does not set automountServiceAccountToken: false, nor does the pod`
        : `ServiceAccount/${accountName} is not among the manifests and the pod does not set automountServiceAccountToken: false`;
  return [{ object: ref, rule: 'service-account-token', message: why }];
}

/**
 * The ports of a container that a Service sends traffic to, other than a metrics port (a
 * scrape target does not make a container a server that needs readiness gating).
 * @param {Workload} workload
 * @param {Record<string, any>} container
 * @param {K8sObject[]} objects
 */
function servedPorts({ namespace, labels }, container, objects) {
  const ports = /** @type {{ name?: string; containerPort: number }[]} */ (container.ports ?? []);
  /** @type {string[]} */
  const served = [];
  for (const service of objects) {
    if (service.kind !== 'Service' || namespaceOf(service) !== namespace) continue;
    if (!mapSelects(service.spec?.selector, labels)) continue;
    for (const servicePort of service.spec?.ports ?? []) {
      const target = servicePort.targetPort ?? servicePort.port;
      const port = ports.find((p) => p.name === target || p.containerPort === target);
      if (!port || port.name === 'metrics' || servicePort.name === 'metrics') continue;
      served.push(port.name ?? String(port.containerPort));
    }
  }
  return served;
}

/**
 * Long-running containers need a liveness probe (a hung process is restarted); those that
 * serve traffic through a Service also need readiness (no traffic before it can answer) and a
 * startup probe (liveness does not kill a slow start).
 * @param {Workload} workload
 * @param {K8sObject[]} objects
 * @returns {Finding[]}
 */
function probeFindings(workload, objects) {
  if (!longRunning.has(workload.object.kind)) return [];
  /** @type {Finding[]} */
  const findings = [];
  for (const container of workload.pod.containers ?? []) {
    const name = `container ${container.name}`;
    const served = servedPorts(workload, container, objects);
    // A slow start of the app must not be cut short by liveness; the stores of the local
    // overlay (StatefulSets) start fast enough for their liveness delay.
    const serving =
      workload.object.kind === 'Deployment'
        ? ['startupProbe', 'readinessProbe']
        : ['readinessProbe'];
    const required = served.length > 0 ? [...serving, 'livenessProbe'] : ['livenessProbe'];
    for (const probe of required) {
      if (container[probe]) continue;
      const why =
        served.length > 0 ? ` (it serves port ${served.join(', ')} through a Service)` : '';
      findings.push({
        object: workload.ref,
        container: name,
        rule: 'probes',
        message: `no ${probe}${why}`,
      });
    }
  }
  return findings;
}

/**
 * Seconds a preStop hook takes before SIGTERM reaches the process: the grace period runs from
 * the start of the hook.
 * @param {Record<string, any>} container
 */
function preStopSeconds(container) {
  const preStop = container.lifecycle?.preStop;
  if (typeof preStop?.sleep?.seconds === 'number') return preStop.sleep.seconds;
  const command = /** @type {unknown[]} */ (preStop?.exec?.command ?? []).join(' ');
  const sleep = /\bsleep\s+(\d+(?:\.\d+)?)\b/.exec(command);
  return sleep ? Number(sleep[1]) : 0;
}

/**
 * The grace period must cover the preStop hook, the app's drain delay and its shutdown
 * timeout, or the kubelet kills the process mid-shutdown. The worker (src/worker.ts) has no
 * drain delay: nothing routes requests to it.
 * @param {Workload} workload
 * @param {K8sObject[]} objects
 * @returns {Finding[]}
 */
function gracePeriodFindings(workload, objects) {
  if (!longRunning.has(workload.object.kind)) return [];
  const defaults = shutdownDefaults();
  const grace = workload.pod.terminationGracePeriodSeconds ?? 30;
  /** @type {Finding[]} */
  const findings = [];
  for (const container of workload.pod.containers ?? []) {
    const env = environmentOf(container, workload.namespace, objects);
    // The image sets NODE_ENV=production (docker/Dockerfile).
    const production = (env.NODE_ENV ?? 'production') === 'production';
    const isWorker = [...(container.command ?? []), ...(container.args ?? [])].some((arg) =>
      /worker\.js$/.test(String(arg)),
    );
    const timeoutMs = Number(env.SHUTDOWN_TIMEOUT_MS ?? defaults.timeoutMs);
    const drainMs = isWorker
      ? 0
      : Number(
          env.SHUTDOWN_DRAIN_DELAY_MS ??
            (production ? defaults.productionDrainDelayMs : defaults.otherDrainDelayMs),
        );
    const hook = preStopSeconds(container);
    const needed = hook + (drainMs + timeoutMs) / 1000;
    if (grace > needed) continue;
    findings.push({
      object: workload.ref,
      container: `container ${container.name}`,
      rule: 'grace-period',
      message:
        `terminationGracePeriodSeconds ${grace} must exceed preStop ${hook} s + ` +
        `(SHUTDOWN_DRAIN_DELAY_MS ${drainMs} + SHUTDOWN_TIMEOUT_MS ${timeoutMs}) / 1000 = ${needed} s`,
    });
  }
  return findings;
}

/**
 * The replicas a workload runs at its lowest: an autoscaler's minimum when one targets it
 * (kustomize output may leave spec.replicas to it), else spec.replicas (default 1).
 * @param {K8sObject} object
 * @param {K8sObject[]} objects
 */
function minimumReplicas(object, objects) {
  if (typeof object.spec?.replicas === 'number') return object.spec.replicas;
  for (const scaler of objects) {
    if (namespaceOf(scaler) !== namespaceOf(object)) continue;
    const target = scaler.spec?.scaleTargetRef;
    if (target?.name !== object.metadata?.name) continue;
    if (scaler.kind === 'HorizontalPodAutoscaler' && target.kind === object.kind) {
      return scaler.spec.minReplicas ?? 1;
    }
    if (scaler.kind === 'ScaledObject' && (target.kind ?? 'Deployment') === object.kind) {
      return scaler.spec.minReplicaCount ?? 0;
    }
  }
  return 1;
}

/**
 * A PDB keeps voluntary disruptions (node drains) from taking every replica at once; on a
 * single replica it can only block the drain, so it must not be there.
 * @param {Workload} workload
 * @param {K8sObject[]} objects
 * @returns {Finding[]}
 */
function disruptionBudgetFindings({ object, ref, namespace, labels }, objects) {
  if (object.kind !== 'Deployment' && object.kind !== 'StatefulSet') return [];
  const budgets = objects.filter(
    (pdb) =>
      pdb.kind === 'PodDisruptionBudget' &&
      namespaceOf(pdb) === namespace &&
      selects(pdb.spec?.selector, labels),
  );
  const replicas = minimumReplicas(object, objects);
  if (replicas > 1 && budgets.length === 0) {
    return [
      {
        object: ref,
        rule: 'pod-disruption-budget',
        message: `${replicas} replicas and no PodDisruptionBudget selects its pods`,
      },
    ];
  }
  if (replicas <= 1 && budgets.length > 0) {
    const names = budgets.map(refOf).join(', ');
    return [
      {
        object: ref,
        rule: 'pod-disruption-budget',
        message: `${replicas} replica(s) but ${names} selects its pods (it would block node drains)`,
      },
    ];
  }
  return [];
}

/**
 * Each namespace with pods has a default-deny policy (all pods, both directions, no rules),
 * and each pod is selected by a policy of its own that says what it may reach: the deny-all
 * alone would cover every pod and prove nothing.
 * @param {Workload[]} pods
 * @param {K8sObject[]} objects
 * @returns {Finding[]}
 */
function networkPolicyFindings(pods, objects) {
  const policies = objects.filter((object) => object.kind === 'NetworkPolicy');
  /** @type {Finding[]} */
  const findings = [];
  for (const namespace of new Set(pods.map((pod) => pod.namespace))) {
    const denies = policies.some((policy) => {
      const spec = policy.spec ?? {};
      const selector = spec.podSelector ?? {};
      const types = spec.policyTypes ?? [];
      return (
        namespaceOf(policy) === namespace &&
        Object.keys(selector.matchLabels ?? {}).length === 0 &&
        (selector.matchExpressions ?? []).length === 0 &&
        types.includes('Ingress') &&
        types.includes('Egress') &&
        (spec.ingress ?? []).length === 0 &&
        (spec.egress ?? []).length === 0
      );
    });
    if (!denies) {
      findings.push({
        object: `namespace ${namespace || '(default)'}`,
        rule: 'default-deny',
        message:
          'no NetworkPolicy with podSelector {} and policyTypes [Ingress, Egress] and no rules',
      });
    }
  }
  for (const { ref, namespace, labels } of pods) {
    const covered = policies.some((policy) => {
      const selector = policy.spec?.podSelector ?? {};
      const targeted =
        Object.keys(selector.matchLabels ?? {}).length > 0 ||
        (selector.matchExpressions ?? []).length > 0;
      return namespaceOf(policy) === namespace && targeted && selects(selector, labels);
    });
    if (!covered) {
      findings.push({
        object: ref,
        rule: 'network-policy',
        message: 'no NetworkPolicy selects its pods by label (only a default deny, if any)',
      });
    }
  }
  return findings;
}
