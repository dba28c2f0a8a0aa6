import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// scripts/validate-kubernetes, as .ci/run calls it: first on the fixtures of
// test/fixtures/kubernetes (one overlay that passes, one overlay per broken rule, and a
// component that breaks every overlay it is added to), then on deploy/kubernetes itself.
const repo = resolve(import.meta.dirname, '../..');
const script = join(repo, 'scripts/validate-kubernetes');
const fixtures = 'test/fixtures/kubernetes';
/** Where a program is on this PATH (bash itself is then called by path, PATH may lack it). */
const which = (name: string) =>
  spawnSync('bash', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
const bash = which('bash');

function validate(root?: string, env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(bash, [script, ...(root ? [root] : [])], {
    cwd: repo,
    encoding: 'utf8',
    env,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('scripts/validate-kubernetes on the fixtures', () => {
  let run: { status: number | null; output: string };
  beforeAll(() => {
    run = validate(fixtures);
  });

  it('fails the run, since the fixtures hold broken overlays', () => {
    expect(run.status).toBe(1);
    expect(run.output).toContain(`FAIL: Kubernetes manifests under ${fixtures} do not pass`);
  });

  it('passes the good overlay: every schema and policy holds', () => {
    expect(run.output).toMatch(/^good: 12 objects \(.*\), 0 failure\(s\)$/m);
    expect(run.output).not.toMatch(/^FAIL good:/m);
  });

  // Each broken overlay fails with exactly the line that names it, its object and the rule.
  const broken: [overlay: string, failures: string[]][] = [
    [
      'no-resources',
      ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'].map(
        (field) => `Deployment/api container api: resources: resources.${field} is not set`,
      ),
    ],
    [
      'latest-image',
      [
        'Job/migrate container migrate: image-tag: image ghcr.io/example/conduit:latest uses :latest',
      ],
    ],
    [
      'no-pdb',
      [
        'Deployment/worker: pod-disruption-budget: 3 replicas and no PodDisruptionBudget selects its pods',
      ],
    ],
    [
      'pdb-on-single-replica',
      [
        'Deployment/api: pod-disruption-budget: 1 replica(s) but PodDisruptionBudget/api selects its pods (it would block node drains)',
      ],
    ],
    [
      'no-network-policy',
      [
        'Job/migrate: network-policy: no NetworkPolicy selects its pods by label (only a default deny, if any)',
      ],
    ],
    [
      'no-default-deny',
      [
        'namespace conduit: default-deny: no NetworkPolicy with podSelector {} and policyTypes [Ingress, Egress] and no rules',
      ],
    ],
    ['schema-error', ['Deployment/worker: schema: /spec/replicas: must be integer']],
    [
      'short-grace',
      [
        'Deployment/api container api: grace-period: terminationGracePeriodSeconds 30 must exceed preStop 5 s + (SHUTDOWN_DRAIN_DELAY_MS 5000 + SHUTDOWN_TIMEOUT_MS 20000) / 1000 = 30 s',
      ],
    ],
    [
      'root-user',
      [
        'Deployment/api container api: run-as-non-root: securityContext.runAsNonRoot must be true (pod or container)',
        'Deployment/api container api: drop-all-capabilities: securityContext.capabilities.drop must include ALL',
      ],
    ],
    [
      'no-readiness',
      [
        'Deployment/api container api: probes: no readinessProbe (it serves port http through a Service)',
      ],
    ],
    [
      'token-mounted',
      ['api', 'worker'].map(
        (name) =>
          `Deployment/${name}: service-account-token: ServiceAccount/conduit does not set automountServiceAccountToken: false, nor does the pod`,
      ),
    ],
    [
      'two-autoscalers',
      [
        'Deployment/worker: one-autoscaler: scaled by HorizontalPodAutoscaler/worker and ScaledObject/worker; keep one',
      ],
    ],
    [
      'production',
      [
        'Deployment/api container api: image-digest: image ghcr.io/example/conduit:1.2.3 is not pinned by digest (@sha256:...)',
      ],
    ],
  ];

  it.each(broken)('fails %s with the rule it breaks, and nothing else', (overlay, failures) => {
    const lines = run.output.split('\n').filter((line) => line.startsWith(`FAIL ${overlay}: `));
    expect(lines.sort()).toEqual(failures.map((failure) => `FAIL ${overlay}: ${failure}`).sort());
    expect(run.output).toMatch(
      new RegExp(`^${overlay}: \\d+ objects \\(.*\\), ${failures.length} failure\\(s\\)`, 'm'),
    );
  });

  it('renders each overlay with each component added, and checks that too', () => {
    expect(run.output).toContain(
      'FAIL good+three-workers: Deployment/worker: pod-disruption-budget: 3 replicas and no PodDisruptionBudget selects its pods',
    );
    expect(run.output).toMatch(/^good\+three-workers: 12 objects \(.*\), 1 failure\(s\)$/m);
  });
});

describe('scripts/validate-kubernetes without kubectl', () => {
  let bin: string;
  beforeAll(() => {
    // A PATH with only what the script needs before it looks for kubectl.
    bin = mkdtempSync(join(tmpdir(), 'no-kubectl-'));
    symlinkSync(which('dirname'), join(bin, 'dirname'));
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it('fails with a message that says what to install, instead of skipping', () => {
    const run = validate(fixtures, { ...process.env, PATH: bin });
    expect(run.status).toBe(1);
    expect(run.output).toContain('FAIL: kubectl not found: install it (it carries kustomize)');
  });
});

// The real manifests come in on their own branch; until they are there this part has nothing
// to render. Once deploy/kubernetes/overlays exists it always runs.
const overlays = join(repo, 'deploy/kubernetes/overlays');
const manifestsPresent = existsSync(overlays);
if (!manifestsPresent) {
  console.warn(
    'kubernetes-validation: deploy/kubernetes/overlays does not exist yet: the real overlays are not validated',
  );
}

describe('scripts/validate-kubernetes on deploy/kubernetes', () => {
  (manifestsPresent ? it : it.skip)(
    'renders every overlay (and component) and every rendering passes',
    () => {
      const run = validate();
      expect(run.output).not.toMatch(/^FAIL/m);
      expect(run.status).toBe(0);
      expect(run.output).toMatch(/^local: \d+ objects .*0 failure\(s\)$/m);
      expect(run.output).toMatch(
        /^production: \d+ objects .*0 failure\(s\), images pinned by digest required$/m,
      );
    },
  );
});
