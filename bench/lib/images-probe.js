// @ts-check
/**
 * The fixed-rate probe of the image phase (bench/images.js): sends GET requests to one URL at a
 * steady rate, whatever the server does, until the parent says stop, and records when each
 * request was sent and how long its answer took.
 *
 * Open loop, unlike wrk and autocannon: a request is sent on schedule even while earlier ones
 * are still waiting (up to `maxSockets` connections, then in the agent's queue, timed from the
 * moment it was due). A closed-loop generator stops sending while the server stalls, so a stall
 * shows up as a few slow requests instead of all the requests that would have arrived during
 * it ("coordinated omission"), which is the very tail this phase measures.
 *
 * Input: one JSON argument `{ url, rate, maxSockets, timeoutMs, maxSeconds }`. It starts at
 * once and reports `{ type: 'started' }`; on `{ type: 'stop' }` (or after maxSeconds) it stops
 * sending, waits for the answers in flight (up to timeoutMs), and replies `{ type: 'result',
 * result }` (see ProbeResult). It exits by itself if its parent goes away.
 */
import { Agent, request } from 'node:http';

/**
 * @typedef {object} ProbeJob
 * @property {string} url
 * @property {number} rate requests per second
 * @property {number} maxSockets connections at most (then requests queue in the agent)
 * @property {number} timeoutMs per request; also how long the stop waits for answers in flight
 * @property {number} maxSeconds stops by itself after this long
 */

/**
 * Parallel arrays, one entry per request, in the order they were due.
 * @typedef {object} ProbeResult
 * @property {number} rate
 * @property {number} startedAt epoch ms (fractional) when the first request was due
 * @property {number[]} dueAt epoch ms when each request was due
 * @property {number[]} lagMs how late each was sent, compared with its schedule (the probe's own delay)
 * @property {number[]} latencyMs from sending to the last byte of the answer; -1 when none came
 * @property {number[]} status HTTP status; 0 for a socket error or timeout
 * @property {number} connections sockets the agent opened
 */

const now = () => performance.timeOrigin + performance.now();

/** @param {unknown} message */
function send(message) {
  if (!process.send) throw new Error('images-probe.js must be started with an IPC channel');
  process.send(message);
}

process.on('disconnect', () => process.exit(1));

/** @type {ProbeJob} */
const job = JSON.parse(process.argv[2] ?? '');
const target = new URL(job.url);
const agent = new Agent({ keepAlive: true, maxSockets: job.maxSockets, maxFreeSockets: 256 });
/** Sockets seen so far: their count is how many connections the agent opened. */
const sockets = new WeakSet();
let connections = 0;
const intervalMs = 1000 / job.rate;

/** @type {number[]} */ const dueAt = [];
/** @type {number[]} */ const lagMs = [];
/** @type {number[]} */ const latencyMs = [];
/** @type {number[]} */ const status = [];
let inFlight = 0;
let stopping = false;
/** @type {(() => void) | undefined} */
let drained;

/** @param {number} due */
function fire(due) {
  const index = dueAt.length;
  const sentAt = now();
  dueAt.push(due);
  lagMs.push(sentAt - due);
  latencyMs.push(-1);
  status.push(0);
  inFlight++;
  const started = performance.now();
  let settled = false;
  const settle = (/** @type {number} */ code) => {
    if (settled) return;
    settled = true;
    latencyMs[index] = code > 0 ? performance.now() - started : -1;
    status[index] = code;
    inFlight--;
    if (inFlight === 0) drained?.();
  };
  const req = request(
    {
      host: target.hostname,
      port: target.port,
      path: `${target.pathname}${target.search}`,
      method: 'GET',
      agent,
      timeout: job.timeoutMs,
    },
    (res) => {
      res.on('data', () => {});
      res.on('end', () => settle(res.statusCode ?? 0));
      res.on('error', () => settle(0));
    },
  );
  req.on('socket', (socket) => {
    if (sockets.has(socket)) return;
    sockets.add(socket);
    connections++;
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => settle(0));
  req.end();
}

const startedAt = now();
let next = startedAt;
const deadline = startedAt + job.maxSeconds * 1000;

/** Sends every request that is due, then sleeps until the next one. */
function tick() {
  if (stopping) return;
  const current = now();
  while (next <= current) {
    fire(next);
    next += intervalMs;
  }
  if (current >= deadline) {
    void stop();
    return;
  }
  setTimeout(tick, Math.max(0, next - now()));
}

async function stop() {
  if (stopping) return;
  stopping = true;
  if (inFlight > 0) {
    await new Promise((resolve) => {
      drained = () => resolve(undefined);
      setTimeout(resolve, job.timeoutMs).unref();
    });
  }
  agent.destroy();
  /** @type {ProbeResult} */
  const result = { rate: job.rate, startedAt, dueAt, lagMs, latencyMs, status, connections };
  process.send?.({ type: 'result', result }, () => process.exit(0));
}

process.on('message', (/** @type {{ type?: string }} */ message) => {
  if (message?.type === 'stop') void stop();
});

send({ type: 'started', startedAt });
tick();
