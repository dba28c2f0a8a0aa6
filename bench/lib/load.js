// @ts-check
/**
 * Load generation: wrk when it is installed (C, cheap per request), otherwise autocannon in a
 * child process. Both run a warm-up, then the measured run, on the load-generator CPU.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOADGEN_CPU, exited, pinned, spawnTracked } from './processes.js';

const TIMEOUT_SEC = 10;

/**
 * @typedef {object} LoadGenerator
 * @property {'wrk' | 'autocannon'} name
 * @property {string} version
 * @property {string} note why this one
 */

/**
 * What one scenario sends.
 * @typedef {object} LoadJob
 * @property {string} url
 * @property {string} method
 * @property {Record<string, string>} headers
 * @property {string | undefined} body
 * @property {number} connections
 * @property {number} pipelining
 * @property {number} warmupSec
 * @property {number} durationSec
 * @property {number} timeoutSec
 */

/**
 * What one measured run produced. `ok` is null when the generator cannot count 2xx
 * responses (wrk counts only status >= 400, which lands in `non2xx`).
 * @typedef {object} LoadResult
 * @property {number} durationSec
 * @property {number} requests completed responses
 * @property {number | null} ok 2xx responses
 * @property {number} non2xx
 * @property {number} socketErrors connect, read and write errors
 * @property {number} timeouts
 * @property {number | null} p50Ms latency of 2xx responses (autocannon; null if none) or of all responses (wrk)
 * @property {number | null} p99Ms
 * @property {Record<string, number>} [statusCodes]
 */

function wrkVersion() {
  const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (probe.error) return undefined;
  // `wrk --version` prints "wrk 4.1.0 [epoll] ..." and exits 1.
  const match = /wrk\s+(\S+)/.exec(`${probe.stdout}${probe.stderr}`);
  return match ? match[1] : 'unknown';
}

function autocannonVersion() {
  const require = createRequire(import.meta.url);
  return /** @type {{ version: string }} */ (require('autocannon/package.json')).version;
}

/**
 * @param {'auto' | 'wrk' | 'autocannon'} preference BENCH_LOADGEN
 * @returns {LoadGenerator}
 */
export function chooseLoadGenerator(preference) {
  if (preference !== 'autocannon') {
    const version = wrkVersion();
    if (version) {
      return { name: 'wrk', version, note: preference === 'wrk' ? 'BENCH_LOADGEN=wrk' : 'found' };
    }
    if (preference === 'wrk') throw new Error('BENCH_LOADGEN=wrk but wrk is not installed');
  }
  return {
    name: 'autocannon',
    version: autocannonVersion(),
    note:
      preference === 'autocannon'
        ? 'BENCH_LOADGEN=autocannon'
        : 'wrk not installed (apt-get install wrk for a cheaper generator)',
  };
}

/**
 * A Lua string literal; non-printable and non-ASCII bytes as decimal escapes.
 * @param {string} text
 */
function luaString(text) {
  const bytes = [...Buffer.from(text, 'utf8')];
  const escaped = bytes.map((b) =>
    b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c
      ? String.fromCharCode(b)
      : `\\${String(b).padStart(3, '0')}`,
  );
  return `"${escaped.join('')}"`;
}

/**
 * The request is static (built once per connection by wrk); `done` prints one JSON line.
 * No `response` callback: defining one makes wrk parse every response in Lua, which slows it.
 * @param {LoadJob} job
 */
function wrkScript(job) {
  const lines = [`wrk.method = ${luaString(job.method)}`];
  if (job.body !== undefined) lines.push(`wrk.body = ${luaString(job.body)}`);
  for (const [name, value] of Object.entries(job.headers)) {
    lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  }
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format(\'BENCH_RESULT {"duration_us":%d,"requests":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d}\\n\',',
    '    summary.duration, summary.requests, e.connect, e.read, e.write, e.status, e.timeout,',
    '    latency:percentile(50), latency:percentile(99)))',
    'end',
  );
  return `${lines.join('\n')}\n`;
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {AbortSignal} signal
 * @param {import('./processes.js').Pinning} pinning
 */
async function runPinned(command, args, signal, pinning) {
  const [cmd, argv] = pinned(pinning, LOADGEN_CPU, command, args);
  // Own process group (see servers.js): only the bench stops it.
  const child = spawnTracked(cmd, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    signal,
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  child.on('error', () => {}); // AbortError and spawn failures surface through the checks below
  const { code, signal: killedBy } = await exited(child);
  signal.throwIfAborted();
  return { code, killedBy, stdout, stderr };
}

/**
 * @param {LoadJob} job
 * @param {{ pinning: import('./processes.js').Pinning, tmpDir: string, signal: AbortSignal }} context
 * @returns {Promise<LoadResult>}
 */
async function runWrk(job, { pinning, tmpDir, signal }) {
  const script = join(tmpDir, `wrk-${process.hrtime.bigint()}.lua`);
  writeFileSync(script, wrkScript(job));
  const base = ['-t', '1', '-c', String(job.connections), '--timeout', `${job.timeoutSec}s`];
  if (job.warmupSec > 0) {
    await runPinned(
      'wrk',
      [...base, '-d', `${job.warmupSec}s`, '-s', script, job.url],
      signal,
      pinning,
    );
  }
  const run = await runPinned(
    'wrk',
    [...base, '-d', `${job.durationSec}s`, '-s', script, job.url],
    signal,
    pinning,
  );
  const line = run.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (run.code !== 0 || !line) {
    throw new Error(`wrk failed (exit ${run.code ?? run.killedBy}): ${run.stderr || run.stdout}`);
  }
  const r = JSON.parse(line.slice('BENCH_RESULT '.length));
  return {
    durationSec: r.duration_us / 1e6,
    requests: r.requests,
    ok: null,
    non2xx: r.status,
    socketErrors: r.connect + r.read + r.write,
    timeouts: r.timeout,
    p50Ms: r.p50_us / 1000,
    p99Ms: r.p99_us / 1000,
  };
}

/**
 * @param {LoadJob} job
 * @param {{ pinning: import('./processes.js').Pinning, signal: AbortSignal }} context
 * @returns {Promise<LoadResult>}
 */
async function runAutocannon(job, { pinning, signal }) {
  const childScript = new URL('./autocannon-child.js', import.meta.url).pathname;
  const [cmd, argv] = pinned(pinning, LOADGEN_CPU, process.execPath, [
    childScript,
    JSON.stringify(job),
  ]);
  const child = spawnTracked(cmd, argv, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    signal,
    detached: true,
  });
  child.on('error', () => {}); // see runPinned
  /** @type {{ result?: LoadResult, error?: string } | undefined} */
  let message;
  child.on('message', (m) => (message = /** @type {typeof message} */ (m)));
  const { code, signal: killedBy } = await exited(child);
  signal.throwIfAborted();
  if (message?.result) return message.result;
  throw new Error(`autocannon failed: ${message?.error ?? `exit ${code ?? killedBy}`}`);
}

/**
 * Warm-up, then the measured run.
 * @param {LoadGenerator} generator
 * @param {Omit<LoadJob, 'timeoutSec'>} job
 * @param {{ pinning: import('./processes.js').Pinning, tmpDir: string, signal: AbortSignal }} context
 */
export function runLoad(generator, job, context) {
  const fullJob = { ...job, timeoutSec: TIMEOUT_SEC };
  return generator.name === 'wrk' ? runWrk(fullJob, context) : runAutocannon(fullJob, context);
}
