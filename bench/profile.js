// @ts-check
/**
 * `npm run bench:profile`: where the CPU of one request goes, layer by layer. Starts the built
 * API as the bench does (production, info logs to a file, tracing on and exported to a local
 * OTLP sink, rate limit and headers on), loads each scenario, and profiles only the measured run (SIGUSR2 to
 * bench/profile/profile-on-signal.js). Prints µs of CPU per request per layer and writes each
 * profile to bench/results/<scenario>.cpuprofile (open it in Chrome DevTools or speedscope) and
 * its flame graph to bench/results/flame-<scenario>.svg (bench/profile/flamegraph.js).
 *
 * BENCH_PROFILE_SECONDS (10) sets the measured run; BENCH_TRACE_RATIO (0.1) the share of
 * requests whose spans are recorded and exported; BENCH_OTEL=off and the app's own switches
 * (LOG_LEVEL, RATE_LIMIT_ENABLED, SECURITY_HEADERS_ENABLED, CACHE_ENABLED) give A/B rows.
 * BENCH_PROFILE_SCENARIOS picks rows by name (health-live,tags,user by default; also list,
 * graphql-page and graphql-page-auth: the same 20-article page over REST, GraphQL anonymous and
 * GraphQL signed in).
 * BENCH_DATABASE (conduit_bench_profile) names its database, and so its Redis prefix.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { cpuSnapshot, treeCpuMs } from './lib/images-cpu.js';
import { chooseLoadGenerator, runLoad } from './lib/load.js';
import { detectPinning, stopProcess } from './lib/processes.js';
import { prepareSideDatabase, removeSideResources, sideHarnessResources } from './lib/resources.js';
import { startOtlpSink } from './lib/otlp-sink.js';
import { sideApiEnv, startApi } from './lib/servers.js';
import { flameGraphSvg } from './profile/flamegraph.js';
import { costByLayer } from './profile/layers.js';

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(rootDir, 'bench', 'results');
const seconds = Number(process.env.BENCH_PROFILE_SECONDS ?? 10);
const resources = sideHarnessResources('conduit_bench_profile');
const signal = new AbortController().signal;
// Other work on the machine inflates the CPU per request: the flame graphs say how busy it was.
const loadBefore = loadavg()[0];

if (!existsSync(join(rootDir, 'dist/src/main.js'))) throw new Error('run "npm run build" first');
mkdirSync(resultsDir, { recursive: true });
const tmpDir = mkdtempSync(join(tmpdir(), 'conduit-profile-'));
const pinning = detectPinning(true);
const generator = chooseLoadGenerator('auto');
console.log(`pinning: ${pinning.note}; load: ${generator.name} ${generator.version}`);

const dbUrl = await prepareSideDatabase(rootDir, resources);
const profileBase = join(tmpDir, 'profile');
const otel = process.env.BENCH_OTEL !== 'off';
const logLevel = process.env.LOG_LEVEL ?? 'info';
const switches = pick(process.env, [
  'RATE_LIMIT_ENABLED',
  'SECURITY_HEADERS_ENABLED',
  'CACHE_ENABLED',
]);
const otlpSink = otel ? await startOtlpSink() : undefined;
const api = await startApi({
  name: 'api',
  pinning,
  rootDir,
  logDir: tmpDir,
  env: {
    ...sideApiEnv(resources, dbUrl, {
      logLevel,
      otel,
      otlpEndpoint: otlpSink?.url,
      traceRatio: Number(process.env.BENCH_TRACE_RATIO ?? 0.1),
    }),
    ...switches,
    NODE_OPTIONS: `--import ${join(rootDir, 'bench/profile/profile-on-signal.js')}`,
    PROFILE_OUT: profileBase,
  },
  signal,
});

try {
  const user = await post(`${api.baseUrl}/api/users`, {
    user: { username: 'profiler', email: 'profiler@example.com', password: 'profiling-password' },
  });
  const token = /** @type {{ user: { token: string } }} */ (user).user.token;
  const auth = { authorization: `Token ${token}` };
  // A full page for the list rows: 20 articles, as the bench's list and GraphQL scenarios read.
  for (let n = 1; n <= 20; n += 1) {
    const article = { title: `Profiled ${n}`, description: 'd', body: 'b', tagList: ['perf'] };
    await post(`${api.baseUrl}/api/articles`, { article }, auth);
  }
  const graphqlPage = `{ articles(limit: 20) { articles {
    slug title description image tagList createdAt updatedAt favorited favoritesCount
    author { username bio image following } } articlesCount } }`;
  /** @type {{ name: string, title: string, path: string, headers: Record<string, string>, method?: string, body?: string }[]} */
  const all = [
    { name: 'health-live', title: 'GET /health/live', path: '/health/live', headers: {} },
    { name: 'tags', title: 'GET /api/tags (cached)', path: '/api/tags', headers: {} },
    { name: 'user', title: 'GET /api/user (auth, uncached)', path: '/api/user', headers: auth },
    {
      name: 'list',
      title: 'GET /api/articles?limit=20 (cached)',
      path: '/api/articles?limit=20',
      headers: {},
    },
    {
      name: 'graphql-page',
      title: 'POST /graphql, the same 20-article page (cached)',
      path: '/graphql',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: graphqlPage }),
    },
  ];
  all.push({
    ...all[all.length - 1],
    name: 'graphql-page-auth',
    title: 'POST /graphql, the same page, signed in (run every time)',
    headers: { 'content-type': 'application/json', ...auth },
  });
  const chosen = (process.env.BENCH_PROFILE_SCENARIOS ?? 'health-live,tags,user').split(',');
  const scenarios = all.filter((scenario) => chosen.includes(scenario.name));
  if (scenarios.length === 0) throw new Error(`BENCH_PROFILE_SCENARIOS: none of ${chosen}`);
  let count = 0;
  for (const scenario of scenarios) {
    const job = {
      url: `${api.baseUrl}${scenario.path}`,
      method: scenario.method ?? 'GET',
      headers: scenario.headers,
      body: scenario.body,
      connections: 20,
      pipelining: 1,
    };
    const context = { pinning, tmpDir, signal };
    // Unprofiled first: the profiler's own cost must not count. The API's CPU time over the
    // run (from /proc) divided by the requests it served is the CPU one request costs, even
    // when other work shares the API's core (1 s / (req/s) would count the waiting too); the
    // profiled run then says how that splits into layers.
    await runLoad(generator, { ...job, warmupSec: 0, durationSec: 3 }, context);
    const cpuBefore = cpuSnapshot();
    const measured = await runLoad(
      generator,
      { ...job, warmupSec: 0, durationSec: seconds },
      context,
    );
    const cpuAfter = cpuSnapshot();
    const apiCpuMs =
      cpuBefore && cpuAfter ? treeCpuMs(cpuBefore, cpuAfter, api.child.pid) : undefined;
    count += 1;
    const file = `${profileBase}.${count}.cpuprofile`;
    api.child.kill('SIGUSR2');
    await runLoad(generator, { ...job, warmupSec: 0, durationSec: seconds }, context);
    api.child.kill('SIGUSR2');
    while (!existsSync(file)) await delay(100);
    await delay(200);
    const profile = JSON.parse(readFileSync(file, 'utf8'));
    const kept = join(resultsDir, `${scenario.name}.cpuprofile`);
    copyFileSync(file, kept);
    const rate = measured.requests / measured.durationSec;
    const wallPerRequest = 1e6 / rate;
    const perRequest = apiCpuMs ? (apiCpuMs * 1000) / measured.requests : wallPerRequest;
    const coreShare =
      apiCpuMs === undefined
        ? ''
        : `, ${Math.round(apiCpuMs / (measured.durationSec * 10))}% of its core`;
    const rows = costByLayer(profile);
    console.log(
      `\n${scenario.title}: ${Math.round(rate)} req/s, ${perRequest.toFixed(0)} µs of API CPU per request${coreShare} (1 s / req/s: ${wallPerRequest.toFixed(0)} µs)`,
    );
    console.log('| layer | µs per request | share |\n| --- | ---: | ---: |');
    for (const row of rows) {
      const us = (row.share * perRequest).toFixed(1);
      console.log(`| ${row.layer} | ${us} | ${(row.share * 100).toFixed(1)}% |`);
    }
    const flame = join(resultsDir, `flame-${scenario.name}.svg`);
    const settings = Object.entries(switches).map(([name, value]) => `, ${name}=${value}`);
    writeFileSync(
      flame,
      flameGraphSvg(profile, {
        title: `${scenario.title}: where one request's CPU goes`,
        usPerRequest: perRequest,
        lines: [
          `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}, load average ${loadBefore.toFixed(1)} before the start; API ${pinning.enabled ? 'pinned to one CPU' : 'not pinned'}, ${generator.name}, 20 connections`,
          `${Math.round(rate)} req/s unprofiled: ${perRequest.toFixed(0)} µs of API CPU per request${coreShare}; profiled for ${seconds} s`,
          `production, LOG_LEVEL=${logLevel} to a file, ${otel ? `tracing on, ${Number(process.env.BENCH_TRACE_RATIO ?? 0.1) * 100}% of traces exported over OTLP to a local sink` : 'telemetry off'}${settings.join('')}`,
        ],
      }),
    );
    console.log(`profile: ${kept}\nflame graph: ${flame}`);
  }
} finally {
  await stopProcess(api.child, 15_000);
  if (otlpSink) {
    const { requests, bytes } = otlpSink.received();
    console.log(`OTLP sink: ${requests} exports, ${(bytes / 1e6).toFixed(1)} MB of spans`);
    await otlpSink.close();
  }
  await removeSideResources(resources);
  rmSync(tmpDir, { recursive: true, force: true });
}

/**
 * @param {string} url
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
async function post(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @param {string[]} names
 */
function pick(env, names) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const name of names)
    if (env[name] !== undefined) out[name] = /** @type {string} */ (env[name]);
  return out;
}
