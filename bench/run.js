// @ts-check
/**
 * `npm run bench`: loads the built API and a raw `node:http` server on this machine, one
 * scenario at a time, and prints req/s, p50, p99 and the ratio to raw `node:http`.
 * See bench/README.md for what it measures and the BENCH_* knobs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { formatImageReport, runImagePhase } from './images.js';
import { chartCaption, goalChartSvg } from './lib/chart.js';
import { startOtlpSink } from './lib/otlp-sink.js';
import { readConfig } from './lib/config.js';
import { cacheCounters, cacheDelta } from './lib/fixtures.js';
import { formatFootprint, measureFootprint, readFootprintConfig } from './lib/footprint.js';
import { evaluateGoals, formatGoals } from './lib/goal-report.js';
import { readImagesConfig } from './lib/images-config.js';
import { chooseLoadGenerator, runLoad } from './lib/load.js';
import { summarizeLog } from './lib/logs.js';
import { detectPinning, killAllNow, liveChildren } from './lib/processes.js';
import {
  comparisons,
  formatCacheCounters,
  formatComparisons,
  formatTable,
  summarize,
  writeJson,
  writeText,
} from './lib/report.js';
import {
  databaseUrl,
  deleteRedisKeys,
  dropDatabase,
  queryDatabase,
  recreateDatabase,
  runMigrations,
  seedArgs,
  seedDatabase,
} from './lib/resources.js';
import { SCALE_GOAL, formatScaleComparison, scaleComparison } from './lib/scale-report.js';
import { apiEnv, startApi, startRawServer } from './lib/servers.js';
import { scenarios } from './scenarios.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const rootDir = resolve(benchDir, '..');
const resultsFile = join(benchDir, 'results', 'latest.json');
const chartFile = join(benchDir, 'results', 'ratios.svg');
const SETTLE_MS = 1_000;
const BUILD_OUTPUTS = [
  'dist/src/main.js',
  'dist/src/infra/telemetry/instrumentation.js',
  'dist/src/infra/database/data-source.js',
  'dist/src/seed/seed.js',
];
/**
 * The servers, in the order they run, one at a time. The two API processes share the bench
 * database and Redis prefix and differ only in CACHE_ENABLED; the second one starts after the
 * first has stopped, and only when one of its scenarios runs.
 * @type {{ kind: import('./scenarios.js').Scenario['server'], cacheEnabled?: boolean, securityOff?: boolean, observabilityOff?: 'metrics' | 'all' }[]}
 */
const SERVERS = [
  { kind: 'raw' },
  { kind: 'api', cacheEnabled: true },
  { kind: 'api-cache-off', cacheEnabled: false },
  // Same as 'api' without the security layer (headers, rate limits), to measure what it costs.
  { kind: 'api-security-off', cacheEnabled: true, securityOff: true },
  // Same as 'api' without metrics, then without metrics or tracing: what observability costs.
  { kind: 'api-metrics-off', cacheEnabled: true, observabilityOff: 'metrics' },
  { kind: 'api-observability-off', cacheEnabled: true, observabilityOff: 'all' },
];

/** @param {string} message */
const log = (message) => console.log(message);

const SKIP_REASON = 'needs seeded data, BENCH_SEED=off';

/**
 * One pass over the servers on a database of its own: the run itself, or (BENCH_SCALE above 1)
 * the 1x reference before it, which loads only the scenarios with a scale goal.
 * @typedef {{
 *   scale: number,
 *   databaseName: string,
 *   redisPrefix: string,
 *   processSuffix: string,
 *   scenarios: import('./scenarios.js').Scenario[],
 *   rows: import('./lib/report.js').Row[],
 *   seed?: { args: string[], ms: number, counts: Record<string, number>, output: string },
 * }} Phase
 */

/** @param {unknown} error */
const messageOf = (error) => (error instanceof Error ? error.message : String(error));

/**
 * Ctrl-C (or SIGTERM) aborts the run and lets the cleanup stop every child; a second one
 * kills them outright.
 * @param {AbortController} abort
 */
function installSignalHandlers(abort) {
  let received = 0;
  for (const name of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(name, () => {
      received++;
      if (received === 1) {
        console.error(`\n${name}: stopping the run and cleaning up (again to force)`);
        abort.abort(new Error(`interrupted by ${name}`));
      } else {
        killAllNow();
        process.exit(130);
      }
    });
  }
  process.on('exit', killAllNow);
  // If the output is piped into something that quits early (`| head`), keep going, so that
  // the cleanup still runs.
  process.stdout.on('error', () => {});
}

/** Share of CPU time (all CPUs) spent busy over a short sample: other work skews results. */
async function busyShare(sampleMs = 500) {
  const total = () =>
    cpus().reduce(
      (acc, { times }) => ({
        all: acc.all + times.user + times.nice + times.sys + times.irq + times.idle,
        idle: acc.idle + times.idle,
      }),
      { all: 0, idle: 0 },
    );
  const before = total();
  await sleep(sampleMs);
  const after = total();
  const all = after.all - before.all;
  return all > 0 ? 1 - (after.idle - before.idle) / all : 0;
}

/**
 * The configuration of this run, so that a pasted result says how it was obtained.
 * @param {{
 *   startedAt: Date,
 *   config: import('./lib/config.js').BenchConfig,
 *   generator: import('./lib/load.js').LoadGenerator,
 *   pinning: import('./lib/processes.js').Pinning,
 *   busyBefore: number,
 *   apiProcesses: (typeof SERVERS)[number][],
 *   logDir: string,
 *   images: import('./lib/images-config.js').ImagesConfig,
 *   reference: Phase | undefined,
 * }} setup
 */
function printSetup({
  startedAt,
  config,
  generator,
  pinning,
  busyBefore,
  apiProcesses,
  logDir,
  images,
  reference,
}) {
  const busy = Math.round(busyBefore * 100);
  const lines = [
    `conduit bench, ${startedAt.toISOString()}`,
    `  machine        : ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}, ${busy}% busy before start`,
    `  load generator : ${generator.name} ${generator.version} (${generator.note})`,
    `  pinning        : ${pinning.note}`,
    `  per scenario   : ${config.warmupSec} s warm-up + ${config.durationSec} s measured, ${config.connections} connections, pipelining ${config.pipelining}`,
  ];
  if (apiProcesses.length > 0) {
    const processes = apiProcesses
      .map(({ kind, cacheEnabled }) => `${kind} (CACHE_ENABLED=${cacheEnabled})`)
      .join(', then ');
    lines.push(
      `  api            : node --import <instrumentation> dist/src/main.js (as npm start)`,
      `                   NODE_ENV=production LOG_LEVEL=${config.logLevel} LOG_FORMAT=json > ${join(logDir, '<process>.log')}`,
      `                   telemetry ${config.otel ? `on (preloaded; spans of ${config.traceRatio * 100}% of requests recorded and exported over OTLP/HTTP to a local sink that discards them)` : 'off (OTEL_SDK_DISABLED=true)'}`,
      `                   database ${config.databaseName} (fresh, dropped afterwards), Redis prefix ${config.redisPrefix}`,
      `                   ${processes}${apiProcesses.length > 1 ? ', one at a time' : ''}`,
      config.seed
        ? `  seed           : npm run seed -- ${seedArgs(config.scale).join(' ')} (${config.scale > 1 ? `${config.scale}x the default counts` : 'default counts'}) after the migrations`
        : `  seed           : off (BENCH_SEED=off): the scenarios that need seeded data are skipped`,
    );
    if (reference) {
      lines.push(
        `  scale          : the ${reference.scenarios.length} rows with a scale goal also run on a 1x database (${reference.databaseName},`,
        `                   Redis prefix ${reference.redisPrefix}), each just before its run at ${config.scale}x, on a second API of`,
        `                   the same kind; p99 at ${config.scale}x / 1x must stay <= ${SCALE_GOAL}x`,
      );
    }
  } else if (!config.seed) {
    lines.push(
      `  seed           : off (BENCH_SEED=off): the scenarios that need seeded data are skipped`,
    );
  }
  lines.push(
    images.mode === 'off'
      ? '  image phase    : off (BENCH_IMAGES=off)'
      : `  image phase    : ${images.mode === 'only' ? 'only (BENCH_IMAGES=only: no HTTP scenarios)' : 'after the HTTP scenarios'}, ${images.count} JPEGs of ${images.width}x${images.height} per burst, GET /health/live at ${images.rate} req/s`,
  );
  if (busy > 15) {
    lines.push(`  note           : other work keeps the CPUs ${busy}% busy; expect noisy figures`);
  }
  log(`${lines.join('\n')}\n`);
}

/** @param {string} dir */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds when dist/ is missing; warns when it is older than the sources. */
async function ensureBuilt() {
  const missing = BUILD_OUTPUTS.filter((file) => !existsSync(join(rootDir, file)));
  if (missing.length > 0) {
    log(`dist/ is incomplete (${missing.join(', ')} missing): running npm run build`);
    // Under `npm run`, npm_execpath is npm's own CLI script.
    const npmCli = process.env.npm_execpath;
    const [command, args] = npmCli
      ? [process.execPath, [npmCli, 'run', 'build']]
      : ['npm', ['run', 'build']];
    const code = await new Promise((resolveCode) => {
      const child = spawn(command, args, { cwd: rootDir, stdio: 'inherit' });
      child.once('error', () => resolveCode(-1));
      child.once('exit', resolveCode);
    });
    if (code !== 0)
      throw new Error('npm run build failed: fix the build, then run the bench again');
    return;
  }
  const built = statSync(join(rootDir, BUILD_OUTPUTS[0])).mtimeMs;
  const sources = Math.max(
    newestMtime(join(rootDir, 'src')),
    newestMtime(join(rootDir, 'migrations')),
  );
  if (sources > built) {
    log(
      'WARNING: src/ changed after the last build; this run measures the old dist/ (npm run build)',
    );
  }
}

/**
 * The baseline always runs; BENCH_SCENARIOS picks the others by name (substring match).
 * @param {import('./scenarios.js').Scenario[]} all
 * @param {string[]} filter
 */
function selectScenarios(all, filter) {
  const baselines = all.filter((s) => s.baseline);
  if (baselines.length !== 1) throw new Error('scenarios.js must mark exactly one baseline');
  const chosen = all.filter(
    (s) =>
      s.baseline || filter.length === 0 || filter.some((f) => s.name.toLowerCase().includes(f)),
  );
  if (filter.length > 0 && chosen.length === 1) {
    throw new Error(`BENCH_SCENARIOS=${filter.join(',')} matches no scenario`);
  }
  return chosen;
}

/**
 * A row for a scenario that is not run (e.g. it needs seeded data and BENCH_SEED=off).
 * @param {import('./scenarios.js').Scenario} scenario
 * @param {string} why
 * @returns {import('./lib/report.js').Row}
 */
function skippedRow(scenario, why) {
  log(`  ${scenario.name}: skipped (${why})`);
  return {
    name: scenario.name,
    server: scenario.server,
    request: `${scenario.method} ${scenario.path}`,
    baseline: scenario.baseline === true,
    load: undefined,
    failure: undefined,
    skipped: why,
    note: undefined,
    cache: undefined,
  };
}

/**
 * One scenario: optional setup, a check that the request answers 2xx, warm-up, measured run.
 * A scenario that cannot run becomes a failed row; an interrupt ends the whole run.
 * @param {import('./scenarios.js').Scenario} scenario
 * @param {import('./lib/servers.js').Server} server
 * @param {{
 *   config: import('./lib/config.js').BenchConfig,
 *   generator: import('./lib/load.js').LoadGenerator,
 *   pinning: import('./lib/processes.js').Pinning,
 *   tmpDir: string,
 *   signal: AbortSignal,
 *   query: import('./scenarios.js').SetupContext['query'],
 * }} ctx
 * @returns {Promise<import('./lib/report.js').Row>}
 */
async function runScenario(scenario, server, ctx) {
  const { config, generator, pinning, tmpDir, signal, query } = ctx;
  /** @type {import('./lib/report.js').Row} */
  const row = {
    name: scenario.name,
    server: scenario.server,
    request: `${scenario.method} ${scenario.path}`,
    baseline: scenario.baseline === true,
    load: undefined,
    failure: undefined,
    skipped: undefined,
    note: undefined,
    cache: undefined,
  };
  process.stdout.write(`  ${scenario.name}: `);
  const isApi = scenario.server !== 'raw';
  try {
    const cacheBefore = isApi ? await cacheCounters(server.baseUrl) : undefined;
    const { note, ...overrides } = scenario.setup
      ? await scenario.setup({ baseUrl: server.baseUrl, query })
      : {};
    row.note = note;
    const spec = {
      ...scenario,
      ...overrides,
      headers: { ...scenario.headers, ...overrides.headers },
    };
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    /** @type {Record<string, string>} */
    const headers = {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...spec.headers,
    };
    const url = `${server.baseUrl}${spec.path}`;
    row.request = `${spec.method} ${spec.path}`;

    const check = await fetch(url, {
      method: spec.method,
      headers,
      body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
    });
    const answer = await check.text();
    if (check.status < 200 || check.status > 299) {
      throw new Error(`check request got HTTP ${check.status}: ${answer.slice(0, 200)}`);
    }
    try {
      scenario.check?.({ status: check.status, headers: check.headers, body: answer });
    } catch (error) {
      throw new Error(`check request: ${messageOf(error)}`, { cause: error });
    }

    if (note) process.stdout.write(`${spec.path} (${note}); `);
    process.stdout.write(`${config.warmupSec} s warm-up + ${config.durationSec} s … `);
    row.load = await runLoad(
      generator,
      {
        url,
        method: spec.method,
        headers,
        body,
        connections: config.connections,
        pipelining: config.pipelining,
        warmupSec: config.warmupSec,
        durationSec: config.durationSec,
      },
      { pinning, tmpDir, signal },
    );
    const errors = row.load.non2xx + row.load.socketErrors + row.load.timeouts;
    const rps = Math.round(row.load.requests / row.load.durationSec);
    if (cacheBefore) row.cache = cacheDelta(cacheBefore, await cacheCounters(server.baseUrl));
    const cache = Object.entries(row.cache ?? {}).map(
      ([namespace, c]) =>
        `${namespace} ${c.hit} hit / ${c.miss} miss${c.bypass ? ` / ${c.bypass} bypass` : ''}`,
    );
    log(
      `${rps} req/s${errors > 0 ? `, ${errors} errors` : ''}${cache.length > 0 ? ` (cache: ${cache.join(', ')})` : ''}`,
    );
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    row.failure = messageOf(error);
    log(`FAILED: ${row.failure}`);
  }
  return row;
}

/**
 * @param {{ code: number | null, signal: string | null, ms: number, killed: boolean, alreadyExited: boolean }} stop
 */
function describeStop(stop) {
  if (stop.alreadyExited) return `had already exited (code ${stop.code}, signal ${stop.signal})`;
  if (stop.killed) return `did not exit within the deadline after SIGTERM: killed (SIGKILL)`;
  return `exited with code ${stop.code ?? stop.signal} ${stop.ms} ms after SIGTERM`;
}

async function main() {
  const startedAt = new Date();
  const started = performance.now();

  /** @type {import('./lib/config.js').BenchConfig} */
  let config;
  /** @type {import('./lib/images-config.js').ImagesConfig} */
  let images;
  /** @type {import('./lib/footprint.js').FootprintConfig} */
  let footprintConfig;
  try {
    config = readConfig(process.env);
    images = readImagesConfig(process.env);
    footprintConfig = readFootprintConfig(process.env, {
      scenariosPicked: config.scenarioFilter.length > 0,
      imagesOnly: images.mode === 'only',
    });
  } catch (error) {
    console.error(`bench: ${messageOf(error)}`);
    return 2;
  }

  const abort = new AbortController();
  const { signal } = abort;
  installSignalHandlers(abort);

  try {
    await ensureBuilt();
  } catch (error) {
    console.error(`bench: ${messageOf(error)}`);
    return 1;
  }
  const pinning = detectPinning(config.pin);
  const generator = chooseLoadGenerator(config.loadgen);
  // Tracing as production has it: spans recorded, batched and sent over OTLP/HTTP.
  const otlpSink = config.otel ? await startOtlpSink() : undefined;
  // BENCH_IMAGES=only: no HTTP scenario, not even the baseline.
  const selected = images.mode === 'only' ? [] : selectScenarios(scenarios, config.scenarioFilter);
  /** @param {import('./scenarios.js').Scenario} scenario */
  const runnable = (scenario) => config.seed || !scenario.needsSeed;
  const tmpDir = mkdtempSync(join(tmpdir(), 'conduit-bench-'));
  /** @type {Phase} */
  const run = {
    scale: config.scale,
    databaseName: config.databaseName,
    redisPrefix: config.redisPrefix,
    processSuffix: '',
    scenarios: selected,
    rows: [],
  };
  // BENCH_SCALE above 1: the rows with a scale goal first run on a 1x database, to compare with.
  const scaleRows = selected.filter((s) => s.scaleGoal && runnable(s));
  /** @type {Phase | undefined} */
  const reference =
    config.scale > 1 && scaleRows.length > 0
      ? {
          scale: 1,
          databaseName: `${config.databaseName}_x1`,
          redisPrefix: `${config.redisPrefix}x1:`,
          processSuffix: '-x1',
          scenarios: scaleRows,
          rows: [],
        }
      : undefined;

  /** What switches the security layer off, for the api-security-off process. */
  const securityOffEnv = { RATE_LIMIT_ENABLED: 'false', SECURITY_HEADERS_ENABLED: 'false' };
  const loadBefore = loadavg()[0];
  const busyBefore = await busyShare();
  printSetup({
    startedAt,
    config,
    generator,
    pinning,
    busyBefore,
    apiProcesses: SERVERS.filter(
      ({ kind }) => kind !== 'raw' && selected.some((s) => s.server === kind && runnable(s)),
    ),
    logDir: tmpDir,
    images,
    reference,
  });

  /** @type {(() => Promise<void>)[]} */
  const cleanups = [];
  /**
   * One entry per API process that was started.
   * @type {{
   *   name: string,
   *   cacheEnabled: boolean,
   *   logFile: string,
   *   stderrFile: string,
   *   stop?: import('./lib/servers.js').StopResult,
   *   cache?: import('./lib/fixtures.js').CacheCounters,
   *   cacheFailure?: string,
   *   log?: Awaited<ReturnType<typeof summarizeLog>>,
   * }[]}
   */
  const apis = [];
  /** @type {import('./lib/footprint.js').FootprintReport | undefined} */
  let footprint;
  let problem = /** @type {string | undefined} */ (undefined);
  let interrupted = false;

  /**
   * A phase's database: created, migrated and (by default) seeded once, before its first API
   * starts. Cleanups run last-in first-out: the APIs stop before their data is removed.
   * @param {Phase} phase
   */
  const phaseDatabase = (phase) => {
    const benchDbUrl = databaseUrl(config.pgAdminUrl, phase.databaseName);
    /** @type {import('./scenarios.js').SetupContext['query']} */
    const query = (text, values) => queryDatabase(benchDbUrl, text, values);
    const env = apiEnv({
      databaseUrl: benchDbUrl,
      redisUrl: config.redisUrl,
      redisPrefix: phase.redisPrefix,
      logLevel: config.logLevel,
      otel: config.otel,
      otlpEndpoint: otlpSink?.url,
      traceRatio: config.traceRatio,
    });
    let ready = false;
    const prepare = async () => {
      if (ready) return;
      ready = true;
      await recreateDatabase(config.pgAdminUrl, phase.databaseName);
      cleanups.push(async () => {
        await dropDatabase(config.pgAdminUrl, phase.databaseName);
        log(`dropped database ${phase.databaseName}`);
      });
      cleanups.push(async () => {
        const deleted = await deleteRedisKeys(config.redisUrl, phase.redisPrefix);
        log(`deleted ${deleted} Redis keys under ${phase.redisPrefix}`);
      });
      await runMigrations(rootDir, env);
      if (!config.seed) return;
      const args = seedArgs(phase.scale);
      process.stdout.write(`seeding ${phase.databaseName} (${args.join(' ')}) … `);
      const { ms, output } = await seedDatabase(rootDir, benchDbUrl, args);
      const [counts] = await query(
        `SELECT (SELECT count(*) FROM users)::int AS users,
                (SELECT count(*) FROM articles)::int AS articles,
                (SELECT count(*) FROM favorites)::int AS favorites,
                (SELECT count(*) FROM follows)::int AS follows,
                (SELECT count(*) FROM comments)::int AS comments`,
      );
      phase.seed = { args, ms, counts, output };
      log(
        `${Object.entries(counts)
          .map(([table, n]) => `${n} ${table}`)
          .join(', ')} in ${(ms / 1000).toFixed(1)} s`,
      );
    };
    return { query, env, prepare };
  };
  const phases = reference ? [reference, run] : [run];
  const databases = new Map(phases.map((phase) => [phase, phaseDatabase(phase)]));

  /**
   * Starts one server of `kind` for `phase`; its stop goes on the cleanup list.
   * @param {(typeof SERVERS)[number]} spec
   * @param {Phase} phase
   */
  const startServer = async ({ kind, cacheEnabled, securityOff, observabilityOff }, phase) => {
    /** @type {import('./lib/servers.js').Server} */
    let server;
    /** @type {(typeof apis)[number] | undefined} */
    let apiEntry;
    if (kind === 'raw') {
      server = await startRawServer({ pinning, benchDir, signal });
      log(`raw node:http server on ${server.baseUrl}`);
    } else {
      const name = `${kind}${phase.processSuffix}`;
      const api = await startApi({
        name,
        pinning,
        rootDir,
        logDir: tmpDir,
        env: {
          .../** @type {NonNullable<ReturnType<typeof databases.get>>} */ (databases.get(phase))
            .env,
          CACHE_ENABLED: String(cacheEnabled),
          ...(securityOff ? securityOffEnv : {}),
          ...(observabilityOff ? { METRICS_ENABLED: 'false' } : {}),
          ...(observabilityOff === 'all' ? { OTEL_SDK_DISABLED: 'true' } : {}),
        },
        signal,
      });
      apiEntry = {
        name,
        cacheEnabled: cacheEnabled === true,
        logFile: api.logFile,
        stderrFile: api.stderrFile,
      };
      apis.push(apiEntry);
      server = api;
      log(`${name} on ${server.baseUrl} (CACHE_ENABLED=${cacheEnabled}, ready)`);
    }
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      const result = await server.stop();
      log(`${server.name} ${describeStop(result)}`);
      if (apiEntry) {
        apiEntry.stop = result;
        if (result.code !== 0 || result.killed || result.alreadyExited) {
          problem ??= `${server.name} did not shut down cleanly: ${describeStop(result)}`;
        }
      }
    };
    cleanups.push(stop);
    return { server, apiEntry, stop };
  };

  try {
    for (const spec of SERVERS) {
      const group = selected.filter((s) => s.server === spec.kind);
      if (group.length === 0) continue;
      if (!group.some(runnable)) {
        for (const scenario of group) run.rows.push(skippedRow(scenario, SKIP_REASON));
        continue;
      }
      // With BENCH_SCALE, the 1x and the scaled API of a kind run side by side, idle in turn,
      // so that each scale-goal row is measured at 1x just before it is at scale.
      const active = phases.filter((phase) => phase.scenarios.some((s) => s.server === spec.kind));
      /** @type {Map<Phase, Awaited<ReturnType<typeof startServer>>>} */
      const started = new Map();
      for (const phase of active) {
        if (spec.kind !== 'raw') {
          for (const database of databases.values()) await database.prepare();
        }
        started.set(phase, await startServer(spec, phase));
      }
      for (const scenario of group) {
        if (!runnable(scenario)) {
          run.rows.push(skippedRow(scenario, SKIP_REASON));
          continue;
        }
        for (const phase of active.filter((p) => p.scenarios.includes(scenario))) {
          const at = /** @type {NonNullable<ReturnType<typeof started.get>>} */ (
            started.get(phase)
          );
          if (phases.length > 1) process.stdout.write(`  [${phase.scale}x]`);
          phase.rows.push(
            await runScenario(scenario, at.server, {
              config,
              generator,
              pinning,
              tmpDir,
              signal,
              query: /** @type {NonNullable<ReturnType<typeof databases.get>>} */ (
                databases.get(phase)
              ).query,
            }),
          );
        }
      }
      // The load generator hangs up mid-request at the end of a run; let the server finish
      // those requests, so that the shutdown below is measured on an idle server.
      await sleep(SETTLE_MS, undefined, { signal });
      for (const { server, apiEntry } of started.values()) {
        if (!apiEntry) continue;
        try {
          apiEntry.cache = await cacheCounters(server.baseUrl);
        } catch (error) {
          apiEntry.cacheFailure = messageOf(error);
        }
      }
      for (const { stop } of started.values()) await stop();
    }
    if (footprintConfig.enabled) {
      const database = /** @type {NonNullable<ReturnType<typeof databases.get>>} */ (
        databases.get(run)
      );
      await database.prepare();
      log(`footprint: ${footprintConfig.starts} API starts, then the worker (see bench/README.md)`);
      footprint = await measureFootprint({
        starts: footprintConfig.starts,
        telemetry: config.otel,
        pinning,
        rootDir,
        logDir: tmpDir,
        env: database.env,
        signal,
        log,
      });
      if (footprint.problems.length > 0) problem ??= `footprint: ${footprint.problems.join('; ')}`;
    }
  } catch (error) {
    if (signal.aborted) {
      interrupted = true;
      problem = messageOf(signal.reason);
    } else {
      problem = messageOf(error);
    }
    console.error(`\nbench: ${problem}`);
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        problem ??= `cleanup failed: ${messageOf(error)}`;
        console.error(`bench: cleanup failed: ${messageOf(error)}`);
      }
    }
  }

  // The image phase, after the HTTP scenarios have stopped their processes and removed their data.
  /** @type {import('./images.js').ImagesReport | undefined} */
  let imagesReport;
  if (images.mode !== 'off' && !interrupted) {
    log(`\nimage phase (see bench/README.md, "Image phase"):`);
    try {
      imagesReport = await runImagePhase({
        config,
        images,
        generator,
        pinning,
        rootDir,
        tmpDir,
        signal,
        log,
        otlpEndpoint: otlpSink?.url,
      });
      if (imagesReport.problems.length > 0) {
        problem ??= `image phase: ${imagesReport.problems.join('; ')}`;
      }
    } catch (error) {
      // Only an interrupt escapes the phase; it has cleaned up after itself.
      interrupted = signal.aborted;
      problem = messageOf(signal.aborted ? signal.reason : error);
      console.error(`\nbench: ${problem}`);
    }
  }

  for (const api of apis) {
    const summary = await summarizeLog(api.logFile);
    api.log = summary;
    log(
      `${api.name} log: ${summary.lines} lines, ${(summary.bytes / 1e6).toFixed(1)} MB, ${summary.warnings} warnings, ${summary.errors} errors`,
    );
    for (const sample of summary.samples) log(`  ${sample}`);
    const stderr = readFileSync(api.stderrFile, 'utf8').trim();
    if (stderr) log(`${api.name} stderr:\n${stderr.split('\n').slice(0, 20).join('\n')}`);
  }

  const baseline = run.rows.find((r) => r.baseline);
  const baselineRps = baseline?.load
    ? baseline.load.requests / baseline.load.durationSec
    : undefined;
  const summaries = run.rows.map((row) => summarize(row, baselineRps));
  const ratios = comparisons(summaries, selected);
  // The 1x rows' ratios use the same baseline: raw node:http runs once.
  const referenceSummaries = (reference?.rows ?? []).map((row) => summarize(row, baselineRps));
  const scaleRatios = reference
    ? scaleComparison(referenceSummaries, summaries, reference.scenarios)
    : [];
  const runtimeSec = (performance.now() - started) / 1000;

  if (summaries.length > 0) {
    log('');
    if (reference) log(`at ${config.scale}x:`);
    log(formatTable(summaries));
    log('');
    if (ratios.length > 0) {
      log(formatComparisons(ratios));
      log('');
    }
  }
  if (referenceSummaries.length > 0) {
    log('at 1x (the rows with a scale goal):');
    log(formatTable(referenceSummaries));
    log('');
    log(formatScaleComparison(scaleRatios, config.scale));
    log('');
  }
  if (apis.length > 0) {
    log(
      'cache counters (GET /health/cache, since each API process started, read before it stopped):',
    );
    log(
      formatCacheCounters(
        apis.map((a) => ({ name: a.name, cache: a.cache, failure: a.cacheFailure })),
      ),
    );
    log('');
  }

  if (imagesReport) log(`${formatImageReport(imagesReport)}\n`);
  if (footprint) log(`${formatFootprint(footprint)}\n`);
  const goals = evaluateGoals({
    summaries,
    comparisons: ratios,
    footprint,
    images: imagesReport?.ratios,
  });
  log(`${formatGoals(goals)}\n`);

  if (!interrupted && (run.rows.length > 0 || imagesReport)) {
    writeJson(resultsFile, {
      date: startedAt.toISOString(),
      runtimeSec: Math.round(runtimeSec * 10) / 10,
      machine: {
        cpus: availableParallelism(),
        cpuModel: cpus()[0]?.model,
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        loadAverage1m: Math.round(loadBefore * 100) / 100,
        busyShareBefore: Math.round(busyBefore * 100) / 100,
      },
      loadGenerator: { name: generator.name, version: generator.version },
      pinning: pinning.note,
      settings: {
        warmupSec: config.warmupSec,
        durationSec: config.durationSec,
        connections: config.connections,
        pipelining: config.pipelining,
        otel: config.otel,
        traceRatio: config.traceRatio,
        otlpSink: otlpSink?.received(),
        logLevel: config.logLevel,
        nodeEnv: 'production',
        seed: config.seed,
        scale: config.scale,
      },
      seed: run.seed,
      apis: apis.map(({ logFile, stderrFile, ...api }) => api),
      results: summaries,
      comparisons: ratios,
      scale: reference
        ? {
            factor: config.scale,
            reference: { seed: reference.seed, results: referenceSummaries },
            comparison: scaleRatios,
          }
        : undefined,
      images: imagesReport,
      footprint,
      goals,
      problem,
    });
    const caption = chartCaption({
      startedAt,
      runtimeSec,
      config,
      generator,
      pinning,
      baselineRps,
      busyBefore,
    });
    writeText(chartFile, goalChartSvg(goals, caption));
    log(`results written to ${resultsFile}, chart to ${chartFile}`);
  }

  const flagged = [...summaries, ...referenceSummaries].filter((s) => s.flagged);
  const logErrors = apis.reduce((sum, api) => sum + (api.log?.errors ?? 0), 0);
  const keepLogs =
    config.keepLogs ||
    (!interrupted && (problem !== undefined || flagged.length > 0 || logErrors > 0));
  if (keepLogs) log(`logs kept in ${tmpDir}`);
  else rmSync(tmpDir, { recursive: true, force: true });

  if (otlpSink) {
    const { requests, bytes } = otlpSink.received();
    log(`OTLP sink: ${requests} exports, ${(bytes / 1e6).toFixed(1)} MB of spans received`);
    await otlpSink.close();
  }
  const leftovers = liveChildren();
  if (leftovers.length > 0) {
    console.error(`bench: ${leftovers.length} child processes still running; killing them`);
    killAllNow();
  }
  log(`runtime ${runtimeSec.toFixed(1)} s`);

  if (interrupted) return 130;
  if (problem) return 1;
  if (flagged.length > 0) {
    console.error(`bench: ${flagged.map((s) => s.name).join(', ')} had errors (see the table)`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error('bench: unexpected failure:', error);
  process.exitCode = 1;
}
