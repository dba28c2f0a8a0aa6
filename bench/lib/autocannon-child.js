// @ts-check
/**
 * Runs autocannon in its own process, so that bench/run.js can pin it to the load-generator
 * CPU (autocannon is JavaScript: in-process it would compete with whatever else runs there).
 *
 * Input: one JSON argument (see `LoadJob` in load.js). Output: one IPC message
 * `{ result }` or `{ error }`, then exit. It exits by itself if its parent goes away.
 */
import { createRequire } from 'node:module';

/** @typedef {import('./load.js').LoadJob} LoadJob */

/**
 * The part of autocannon's result this file reads (autocannon ships no type declarations).
 * `errors` includes timeouts; `duration` is in seconds.
 * @typedef {{
 *   duration: number,
 *   requests: { total: number },
 *   '2xx': number,
 *   non2xx: number,
 *   errors: number,
 *   timeouts: number,
 *   statusCodeStats: Record<string, { count: number }>,
 * }} AutocannonResult
 */
/**
 * @typedef {{
 *   on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void): void,
 * }} AutocannonInstance
 * @typedef {(
 *   options: Record<string, unknown>,
 *   done: (error: Error | null, result: AutocannonResult) => void,
 * ) => AutocannonInstance} Autocannon
 */
const autocannon = /** @type {Autocannon} */ (createRequire(import.meta.url)('autocannon'));

/**
 * autocannon's own histogram has 1 ms resolution, too coarse for sub-millisecond servers;
 * so latencies of 2xx responses are kept here as float milliseconds.
 */
class Latencies {
  values = new Float64Array(1 << 16);
  count = 0;

  /** @param {number} ms */
  add(ms) {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = ms;
  }

  /**
   * @param {number} p percentile, 0-100 (nearest rank)
   * @returns {number | null} null without any 2xx response
   */
  percentile(p) {
    if (this.count === 0) return null;
    const sorted = this.values.subarray(0, this.count).sort();
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    return sorted[rank - 1];
  }
}

/**
 * @param {LoadJob} job
 * @param {number} seconds
 * @param {Latencies | undefined} latencies
 * @returns {Promise<AutocannonResult>}
 */
function run(job, seconds, latencies) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        method: job.method,
        headers: job.headers,
        body: job.body,
        connections: job.connections,
        pipelining: job.pipelining,
        duration: seconds,
        timeout: job.timeoutSec,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (latencies) {
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        if (statusCode >= 200 && statusCode < 300) latencies.add(responseTime);
      });
    }
  });
}

/** @param {unknown} message */
function send(message) {
  if (!process.send) throw new Error('autocannon-child.js must be started with an IPC channel');
  process.send(message, () => process.exit(0));
}

process.on('disconnect', () => process.exit(1));

try {
  /** @type {LoadJob} */
  const job = JSON.parse(process.argv[2] ?? '');
  if (job.warmupSec > 0) await run(job, job.warmupSec, undefined);
  const latencies = new Latencies();
  const result = await run(job, job.durationSec, latencies);
  send({
    result: {
      durationSec: result.duration,
      requests: result.requests.total,
      ok: result['2xx'],
      non2xx: result.non2xx,
      // autocannon counts timeouts as errors too.
      socketErrors: result.errors - result.timeouts,
      timeouts: result.timeouts,
      p50Ms: latencies.percentile(50),
      p99Ms: latencies.percentile(99),
      statusCodes: Object.fromEntries(
        Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
      ),
    },
  });
} catch (error) {
  send({ error: error instanceof Error ? error.message : String(error) });
}
