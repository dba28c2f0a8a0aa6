// @ts-check
/**
 * `npm run bench:ab -- <git ref>`: does a change pay? The API built from `<ref>` (the baseline,
 * in a git worktree of its own) and the API built in `dist/` (the change) run side by side on
 * one database, pinned to the same CPU, and are loaded in turn, round after round, the other
 * one first each round; the pair is started twice, each build started first once. Each round gives the CPU one request costs in each (the API's CPU time
 * from /proc over the requests it served), so a burst of other work on this shared machine
 * falls on both alike; the change is the median of the rounds' paired ratios.
 *
 * Scenarios: `GET /health/live` (the fixed cost of every route), a cached `GET /api/tags` and
 * an authenticated `GET /api/user` (a token check and a query), with every production layer
 * on, as `npm run bench:profile` runs them. BENCH_AB_SCENARIOS picks some by name
 * (`health-live,tags,user`); BENCH_ROUNDS (6) and BENCH_ROUND_SECONDS (3) set the work;
 * BENCH_TRACE_RATIO (0.1) the share of traces exported to a local OTLP sink.
 * The worktree borrows this checkout's node_modules: compare refs with the same lockfile.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib/footprint.js';
import { cpuSnapshot, treeCpuMs } from './lib/images-cpu.js';
import { chooseLoadGenerator, runLoad } from './lib/load.js';
import { startOtlpSink } from './lib/otlp-sink.js';
import { detectPinning, stopProcess } from './lib/processes.js';
import { prepareSideDatabase, removeSideResources, sideHarnessResources } from './lib/resources.js';
import { sideApiEnv, startApi } from './lib/servers.js';

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ref = process.argv[2];
if (!ref) throw new Error('usage: npm run bench:ab -- <git ref of the baseline>');
const rounds = Number(process.env.BENCH_ROUNDS ?? 6);
const seconds = Number(process.env.BENCH_ROUND_SECONDS ?? 3);
const traceRatio = Number(process.env.BENCH_TRACE_RATIO ?? 0.1);
const resources = sideHarnessResources('conduit_bench_ab');
const signal = new AbortController().signal;
const wanted = process.env.BENCH_AB_SCENARIOS?.split(',').map((name) => name.trim());

if (!existsSync(join(rootDir, 'dist/src/main.js'))) throw new Error('run "npm run build" first');
const tmpDir = mkdtempSync(join(tmpdir(), 'conduit-ab-'));
const baseDir = join(tmpDir, 'baseline');
const git = (/** @type {string[]} */ ...args) =>
  execFileSync('git', args, { cwd: rootDir, encoding: 'utf8' }).trim();
const commit = git('rev-parse', '--short', ref);
const lockChanged = git('diff', '--name-only', ref, '--', 'package-lock.json') !== '';
console.log(
  `A/B: baseline ${ref} (${commit}) against dist/ (${git('rev-parse', '--short', 'HEAD')}` +
    `${git('status', '--porcelain', '--', 'src') ? ', with uncommitted changes in src/' : ''})` +
    `${lockChanged ? "; WARNING: package-lock.json differs, the baseline runs with this checkout's packages" : ''}`,
);

/** @type {{ name: string, api: Awaited<ReturnType<typeof startApi>>, perRequest: Map<string, number[]> }[]} */
const sides = [];
let sink;
try {
  git('worktree', 'add', '--detach', baseDir, ref);
  symlinkSync(join(rootDir, 'node_modules'), join(baseDir, 'node_modules'));
  execFileSync(
    process.execPath,
    [join(rootDir, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: baseDir,
      stdio: 'inherit',
    },
  );
  const pinning = detectPinning(true);
  const generator = chooseLoadGenerator('auto');
  console.log(
    `${rounds} rounds of ${seconds} s per side and scenario, ${traceRatio * 100}% of traces ` +
      `exported; ${pinning.note}; load: ${generator.name}; load average ` +
      `${loadavg()[0].toFixed(1)} before the start`,
  );
  const dbUrl = await prepareSideDatabase(rootDir, resources);
  sink = await startOtlpSink();
  // One environment for both, signing key included: a token works on either side.
  const env = sideApiEnv(resources, dbUrl, { otlpEndpoint: sink.url, traceRatio });
  /** @type {[string, string][]} */
  const builds = [
    ['baseline', baseDir],
    ['change', rootDir],
  ];
  const perRequest = new Map(builds.map(([name]) => [name, new Map()]));
  const scenarios = [
    { name: 'health-live', path: '/health/live', headers: {} },
    { name: 'tags', path: '/api/tags', headers: {} },
    { name: 'user', path: '/api/user', headers: {} },
  ].filter((scenario) => !wanted || wanted.includes(scenario.name));
  const context = { pinning, tmpDir, signal };
  const job = (/** @type {string} */ url, /** @type {Record<string, string>} */ headers) => ({
    url,
    method: 'GET',
    headers,
    body: undefined,
    connections: 20,
    pipelining: 1,
  });
  // Two passes, the pair restarted in between with the other one started first: an A/A run
  // (a ref against its own build) showed the process started second about 5% cheaper, for no
  // reason found; the two passes cancel that out.
  let auth;
  for (let pass = 0; pass < 2; pass++) {
    for (const [name, dir] of pass === 0 ? builds : [...builds].reverse()) {
      const api = await startApi({ name, pinning, rootDir: dir, logDir: tmpDir, env, signal });
      sides.push({
        name,
        api,
        perRequest: /** @type {Map<string, number[]>} */ (perRequest.get(name)),
      });
    }
    auth ??= await signUp(sides[0].api.baseUrl);
    const user = scenarios.find((scenario) => scenario.name === 'user');
    if (user) user.headers = auth;
    for (const side of sides) {
      for (const scenario of scenarios) {
        const url = side.api.baseUrl + scenario.path;
        await runLoad(
          generator,
          { ...job(url, scenario.headers), warmupSec: 0, durationSec: 2 },
          context,
        );
      }
    }
    const passRounds = pass === 0 ? Math.ceil(rounds / 2) : Math.floor(rounds / 2);
    for (let round = 0; round < passRounds; round++) {
      for (const scenario of scenarios) {
        const order = round % 2 === 0 ? sides : [...sides].reverse();
        for (const side of order) {
          const pid = side.api.child.pid;
          const before = cpuSnapshot();
          const measured = await runLoad(
            generator,
            {
              ...job(side.api.baseUrl + scenario.path, scenario.headers),
              warmupSec: 0,
              durationSec: seconds,
            },
            context,
          );
          const cpuMs = before && treeCpuMs(before, /** @type {any} */ (cpuSnapshot()), pid);
          if (cpuMs === undefined) throw new Error('no /proc: CPU per request cannot be measured');
          if (measured.non2xx + measured.socketErrors > 0)
            throw new Error(
              `${side.name} ${scenario.name}: ${measured.non2xx} non-2xx answers, ${measured.socketErrors} socket errors`,
            );
          const list = side.perRequest.get(scenario.name) ?? [];
          list.push((cpuMs * 1000) / measured.requests);
          side.perRequest.set(scenario.name, list);
        }
      }
      process.stdout.write(`pass ${pass + 1}, round ${round + 1}/${passRounds} done\n`);
    }
    for (const { api } of sides.splice(0)) await stopProcess(api.child, 15_000);
  }
  const byName = (/** @type {string} */ name) =>
    /** @type {Map<string, number[]>} */ (perRequest.get(name));
  report(
    scenarios.map((scenario) => scenario.name),
    byName('baseline'),
    byName('change'),
  );
} finally {
  for (const { api } of sides) await stopProcess(api.child, 15_000);
  await sink?.close();
  await removeSideResources(resources).catch(() => {});
  try {
    git('worktree', 'remove', '--force', baseDir);
  } catch {
    // Not created (a bad ref): nothing to remove.
  }
  rmSync(tmpDir, { recursive: true, force: true });
}

/**
 * @param {string[]} names
 * @param {Map<string, number[]>} baseline
 * @param {Map<string, number[]>} changed
 */
function report(names, baseline, changed) {
  const mid = (/** @type {number[]} */ values) => median(values) ?? Number.NaN;
  const percent = (/** @type {number} */ value) =>
    `${value > 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
  console.log(
    '\nscenario     baseline µs  change µs  paired  best rounds  each round\n' +
      '-----------  -----------  ---------  ------  -----------  ----------',
  );
  for (const name of names) {
    const base = /** @type {number[]} */ (baseline.get(name));
    const change = /** @type {number[]} */ (changed.get(name));
    const paired = change.map((value, round) => value / base[round] - 1);
    const best = Math.min(...change) / Math.min(...base) - 1;
    console.log(
      `${name.padEnd(11)}  ${mid(base).toFixed(1).padStart(11)}  ${mid(change).toFixed(1).padStart(9)}  ` +
        `${percent(mid(paired)).padStart(6)}  ${percent(best).padStart(11)}  ${paired.map(percent).join(' ')}`,
    );
  }
  console.log(
    'µs: API CPU per request, median of the rounds (from /proc, profiler off). paired: median of\n' +
      "the rounds' ratios. best rounds: the change's cheapest round against the baseline's (other\n" +
      'work on the machine only ever adds CPU, so the cheapest round is the least disturbed one).',
  );
}

/** @param {string} baseUrl */
async function signUp(baseUrl) {
  const response = await fetch(`${baseUrl}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      user: { username: 'ab-bench', email: 'ab-bench@example.com', password: 'ab-bench-password' },
    }),
  });
  if (!response.ok) throw new Error(`sign-up: ${response.status} ${await response.text()}`);
  const { user } = /** @type {{ user: { token: string } }} */ (await response.json());
  return { authorization: `Token ${user.token}` };
}
