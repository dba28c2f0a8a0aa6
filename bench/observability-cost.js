// @ts-check
/**
 * `npm run bench:observability`: what metrics and tracing cost one light request (a cached
 * `GET /api/tags`, rate limit and headers on), as API CPU per request. Three API processes run
 * side by side on the same database, pinned to the same CPU: everything on (metrics, tracing
 * with BENCH_TRACE_RATIO of traces exported over OTLP to a local sink), METRICS_ENABLED=false,
 * OTEL_SDK_DISABLED=true, and both off. They are loaded in turn, round after round, so a burst of
 * other work on the machine falls on all four alike; each figure is the median of the rounds,
 * and each cost the median of the rounds' paired ratios.
 * CPU per request comes from /proc (the API's CPU time over the requests it served), which
 * waiting on a busy machine does not inflate the way 1 s / (req/s) does; it is also split by
 * thread (bench/lib/thread-cpu.js), since the V8 profile sees the main thread's JavaScript only.
 *
 * Two processes that are alike can differ by up to 8% for the whole of their lives (memory
 * layout, the JIT's choices): as much as the cost measured. So each variant runs in
 * BENCH_OBSERVABILITY_PROCESSES (2) processes, a round's figure for a variant is the mean of its
 * processes, and the spread between alike processes is printed as the floor of the method.
 *
 * Issue 14's goal: metrics plus tracing cost at most 5% of the light GET.
 * BENCH_ROUNDS (7) and BENCH_ROUND_SECONDS (5) set the work; BENCH_DATABASE
 * (conduit_bench_observability) names the database and so the Redis prefix.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSnapshot, treeCpuMs } from './lib/images-cpu.js';
import { chooseLoadGenerator, runLoad } from './lib/load.js';
import { startOtlpSink } from './lib/otlp-sink.js';
import { threadCpuMs } from './lib/thread-cpu.js';
import { detectPinning, stopProcess } from './lib/processes.js';
import { prepareSideDatabase, removeSideResources, sideHarnessResources } from './lib/resources.js';
import { sideApiEnv, startApi } from './lib/servers.js';

const GOAL = 0.05;
const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const seconds = Number(process.env.BENCH_ROUND_SECONDS ?? 5);
const traceRatio = Number(process.env.BENCH_TRACE_RATIO ?? 0.1);
const perVariant = Number(process.env.BENCH_OBSERVABILITY_PROCESSES ?? 2);
const resources = sideHarnessResources('conduit_bench_observability');
const signal = new AbortController().signal;

/** @type {{ name: string, env: Record<string, string> }[]} */
const VARIANTS = [
  { name: 'metrics and tracing on', env: {} },
  { name: 'metrics off', env: { METRICS_ENABLED: 'false' } },
  { name: 'tracing off', env: { OTEL_SDK_DISABLED: 'true' } },
  { name: 'metrics and tracing off', env: { METRICS_ENABLED: 'false', OTEL_SDK_DISABLED: 'true' } },
];

if (!existsSync(join(rootDir, 'dist/src/main.js'))) throw new Error('run "npm run build" first');
const tmpDir = mkdtempSync(join(tmpdir(), 'conduit-observability-'));
const pinning = detectPinning(true);
const generator = chooseLoadGenerator('auto');
console.log(
  `observability cost: ${rounds} rounds of ${seconds} s per variant, GET /api/tags, ` +
    `${traceRatio * 100}% of traces exported; ${perVariant} processes per variant; ` +
    `${pinning.note}; load: ${generator.name}; ` +
    `load average ${loadavg()[0].toFixed(1)} before the start`,
);

const dbUrl = await prepareSideDatabase(rootDir, resources);
const sink = await startOtlpSink();
/** @type {{ name: string, variant: number, api: Awaited<ReturnType<typeof startApi>>, perRequest: number[], threads: Map<string, number[]> }[]} */
const running = [];
try {
  // Alike processes started apart, so that none of them is always the first or last loaded.
  for (let copy = 0; copy < perVariant; copy++) {
    for (const [index, variant] of VARIANTS.entries()) {
      const env = sideApiEnv(resources, dbUrl, { otlpEndpoint: sink.url, traceRatio });
      const name = `api-${running.length}`;
      const api = await startApi({
        name,
        pinning,
        rootDir,
        logDir: tmpDir,
        env: { ...env, ...variant.env },
        signal,
      });
      running.push({ name: variant.name, variant: index, api, perRequest: [], threads: new Map() });
    }
  }
  const job = (/** @type {string} */ baseUrl) => ({
    url: `${baseUrl}/api/tags`,
    method: 'GET',
    headers: {},
    body: undefined,
    connections: 20,
    pipelining: 1,
  });
  const context = { pinning, tmpDir, signal };
  for (const { api } of running) {
    await runLoad(generator, { ...job(api.baseUrl), warmupSec: 0, durationSec: 3 }, context);
  }
  for (let round = 0; round < rounds; round++) {
    // A different variant goes first each round.
    const order = running.map((_, index) => running[(index + round) % running.length]);
    for (const entry of order) {
      const pid = entry.api.child.pid;
      if (pid === undefined) throw new Error(`${entry.name}: the API process has no pid`);
      const threadsBefore = threadCpuMs(pid);
      const before = cpuSnapshot();
      const measured = await runLoad(
        generator,
        { ...job(entry.api.baseUrl), warmupSec: 0, durationSec: seconds },
        context,
      );
      const after = cpuSnapshot();
      const cpuMs = before && after ? treeCpuMs(before, after, pid) : undefined;
      if (cpuMs === undefined) throw new Error('no /proc: CPU per request cannot be measured');
      entry.perRequest.push((cpuMs * 1000) / measured.requests);
      for (const [group, ms] of threadCpuMs(pid)) {
        const perRequest = ((ms - (threadsBefore.get(group) ?? 0)) * 1000) / measured.requests;
        entry.threads.set(group, [...(entry.threads.get(group) ?? []), perRequest]);
      }
    }
    process.stdout.write(`round ${round + 1}/${rounds} done\n`);
  }
} finally {
  for (const { api } of running) await stopProcess(api.child, 15_000);
  await sink.close();
  await removeSideResources(resources);
  rmSync(tmpDir, { recursive: true, force: true });
}

const median = (/** @type {number[]} */ values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const mean = (/** @type {number[]} */ values) =>
  values.reduce((sum, value) => sum + value, 0) / values.length;
/** Each variant's processes, and per round the mean of their figures. */
const variants = VARIANTS.map((variant, index) => {
  const processes = running.filter((entry) => entry.variant === index);
  const perRequest = processes[0].perRequest.map((_, round) =>
    mean(processes.map((entry) => entry.perRequest[round])),
  );
  return { name: variant.name, processes, perRequest };
});
const [on, metricsOff, tracingOff, allOff] = variants.map((entry) => median(entry.perRequest));
console.log(
  '\nvariant                    µs of API CPU per request (median; each round, mean of processes)',
);
for (const entry of variants) {
  const rows = entry.perRequest.map((value) => value.toFixed(0)).join(' ');
  const own = entry.processes.map((process) => median(process.perRequest).toFixed(1));
  console.log(
    `${entry.name.padEnd(26)} ${median(entry.perRequest).toFixed(1).padStart(6)}   ${rows}` +
      `   (processes: ${own.join(', ')})`,
  );
}
// The floor of the method: alike processes, measured in the same rounds, paired as the costs are.
const alikeRounds = variants.flatMap(({ processes }) =>
  processes.slice(1).map((other) => {
    const ratios = other.perRequest.map(
      (value, round) => value / processes[0].perRequest[round] - 1,
    );
    return Math.abs(median(ratios));
  }),
);
if (alikeRounds.length > 0) {
  console.log(
    `alike processes apart: up to ${(Math.max(...alikeRounds) * 100).toFixed(1)}% ` +
      `(median of paired rounds, per variant: ${alikeRounds.map((r) => `${(r * 100).toFixed(1)}%`).join(' ')})`,
  );
}
// Where it lands: the main thread's user time holds the JavaScript the V8 profile sees; the V8
// workers' time (concurrent and parallel GC) grows with the garbage a request leaves.
const groups = [...new Set(running.flatMap((entry) => [...entry.threads.keys()]))];
console.log(
  `\nby thread (µs per request, median)\n${''.padEnd(26)} ${groups.map((g) => g.padStart(13)).join(' ')}`,
);
for (const entry of variants) {
  const cells = groups.map((g) =>
    median(entry.processes.flatMap((process) => process.threads.get(g) ?? [0]))
      .toFixed(1)
      .padStart(13),
  );
  console.log(`${entry.name.padEnd(26)} ${cells.join(' ')}`);
}
// Each round's variants ran one after the other, seconds apart: a change in the machine's speed
// between rounds (other work starting or stopping) cancels out of that round's ratio, where it
// does not out of the ratio of the medians. Both are printed.
const paired = (/** @type {number} */ a, /** @type {number} */ b) =>
  variants[a].perRequest.map((value, round) => value / variants[b].perRequest[round] - 1);
const percent = (/** @type {number} */ value) => `${(value * 100).toFixed(1)}%`;
const costLine = (
  /** @type {string} */ label,
  /** @type {number} */ ofMedians,
  /** @type {number[]} */ rounds,
) =>
  `${label.padEnd(18)} ${percent(median(rounds)).padStart(6)} paired (rounds: ` +
  `${rounds.map(percent).join(' ')}); ${percent(ofMedians)} from the medians`;
const bothRounds = paired(0, 3);
const bothCost = median(bothRounds);
console.log(`\n${costLine('metrics cost', on / metricsOff - 1, paired(0, 1))} (on / metrics off)`);
console.log(`${costLine('tracing cost', on / tracingOff - 1, paired(0, 2))} (on / tracing off)`);
console.log(
  `${costLine('metrics + tracing', on / allOff - 1, bothRounds)} (on / both off); ` +
    `goal ≤ ${GOAL * 100}%: ${bothCost <= GOAL ? 'met' : 'short'}`,
);
