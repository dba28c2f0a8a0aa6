import { type FuzzedApi, startApi, TOKEN_SETTINGS } from './api-processes.js';
import { buildWorld } from './fixtures.js';
import type { FuzzRequest, FuzzResponse } from './fuzz-request.js';
import { HttpClient } from './http-client.js';
import { allTargets, plan, type Target } from './plan.js';
import { Random } from './random.js';
import { type Finding, Recorder } from './recorder.js';
import { forgedTokens } from './tokens.js';

export interface FuzzOptions {
  seed: number;
  /** Requests to send, fixtures included (a race's copies count one each). */
  requests: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Share of the requests sent, at the end, to a second API with the default rate limits. */
  limitsShare: number;
  /** DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX, STORAGE_DIR of the fuzzer's own backends. */
  env: Record<string, string>;
  log: (line: string) => void;
  /** Only the targets whose name matches (e.g. /^graphql:/); all of them by default. */
  only?: RegExp;
  /** Leaves the APIs running when something was found, so the curl lines work as printed. */
  keepApi?: boolean;
}

export interface FuzzResult {
  seed: number;
  sent: number;
  elapsedMs: number;
  /** Wall time of each part of the run: boot, fixtures, fuzzing, the default-limits slice. */
  phases: { name: string; ms: number; requests: number }[];
  statuses: Map<string, number>;
  /** Requests generated for each target of the plan (REST operation, GraphQL field...). */
  coverage: Map<string, number>;
  findings: Finding[];
  /** How the API process ended, if it did before the run was over. */
  crash?: string;
  /** CPU seconds used by the main API process and by the fuzzer, for the throughput figures. */
  cpu: { api?: number; fuzzer: number };
  /** Stops the API processes (already stopped unless kept for reproducing findings). */
  stopApis: () => Promise<void>;
}

/** Starts the API, builds the fixtures, sends the planned requests, and checks every answer. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const targets = allTargets().filter((target) => options.only?.test(target.name) ?? true);
  if (targets.length === 0) throw new Error(`no target matches ${String(options.only)}`);
  const cpuBefore = process.cpuUsage();
  const recorder = new Recorder();
  const clock = new PhaseClock(() => recorder.sent);
  const limitsCount = Math.floor(options.requests * options.limitsShare);
  const apis = await startApis(options.env, limitsCount > 0);
  const [main, limits] = apis;
  const clients = new Map(apis.map((api) => [api, new HttpClient(api.port, options.concurrency)]));
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    await Promise.all(apis.map((api) => api.stop()));
  };
  let crash: string | undefined;
  void main.process.exited.then((code) => {
    if (!stopping) crash ??= `the API exited (${code}) during the run`;
  });
  clock.mark('boot');

  const send = async (request: FuzzRequest, api = main): Promise<FuzzResponse> => {
    const copies = Array.from({ length: request.copies ?? 1 }, () =>
      clients.get(api)!.send(request),
    );
    const responses = await Promise.all(copies);
    for (const response of responses) recorder.record(request, response, api.baseUrl);
    return responses[0];
  };
  const coverage = new Map(targets.map((target) => [target.name, 0]));
  try {
    const random = new Random(options.seed);
    const world = await buildWorld(send, random.fork('world'), options.env.DATABASE_URL);
    const forged = forgedTokens(TOKEN_SETTINGS, world.author.id, random.fork('tokens'));
    clock.mark('fixtures');
    options.log(`fixtures ready; fuzzing ${main.baseUrl}`);
    const planned = plan(options.seed, targets, world, forged, `127.0.0.1:${main.port}`);
    const next = () => {
      const [target, request] = planned.next().value as [Target, FuzzRequest];
      coverage.set(target.name, (coverage.get(target.name) ?? 0) + 1);
      return request;
    };
    const mainCount = options.requests - limitsCount;
    await inParallel(
      options.concurrency,
      () => recorder.sent < mainCount && !crash,
      () => send(next()),
    );
    clock.mark('fuzz');
    if (limits && !crash) {
      options.log(`sending ${limitsCount} requests to ${limits.baseUrl} (default rate limits)`);
      await inParallel(
        options.concurrency,
        () => recorder.sent < options.requests,
        () => send(next(), limits),
      );
      clock.mark('default limits');
    }
    crash ??= await stillAlive(clients.get(main)!);
  } catch (error) {
    await stopAll();
    throw error;
  } finally {
    for (const client of clients.values()) client.close();
  }
  const findings = recorder.findings(
    (baseUrl, requestId) =>
      apis.find((api) => api.baseUrl === baseUrl)?.loggedErrors(requestId) ?? [],
  );
  const fuzzerCpu = process.cpuUsage(cpuBefore);
  const cpu = { api: main.cpuSeconds(), fuzzer: (fuzzerCpu.user + fuzzerCpu.system) / 1e6 };
  // Kept running on request, so the printed curl lines reproduce against the very same API.
  if (!options.keepApi || (findings.length === 0 && !crash)) await stopAll();
  return {
    seed: options.seed,
    sent: recorder.sent,
    elapsedMs: clock.total(),
    phases: clock.phases,
    statuses: recorder.statuses,
    coverage,
    findings,
    crash,
    cpu,
    stopApis: stopAll,
  };
}

/** `width` loops that each send one request at a time while `more()` holds. */
async function inParallel(width: number, more: () => boolean, step: () => Promise<unknown>) {
  const loop = async () => {
    while (more()) await step();
  };
  await Promise.all(Array.from({ length: width }, loop));
}

/** Both APIs boot at once; if either fails, the other is stopped too. */
async function startApis(env: Record<string, string>, withLimits: boolean): Promise<FuzzedApi[]> {
  const limitsEnv = { ...env, REDIS_KEY_PREFIX: `${env.REDIS_KEY_PREFIX}limits:` };
  const started = await Promise.allSettled([
    startApi(env, 'high'),
    ...(withLimits ? [startApi(limitsEnv, 'default')] : []),
  ]);
  const failure = started.find((outcome) => outcome.status === 'rejected');
  if (!failure)
    return started.map((outcome) => (outcome as PromiseFulfilledResult<FuzzedApi>).value);
  for (const outcome of started) if (outcome.status === 'fulfilled') await outcome.value.stop();
  throw failure.reason;
}

/** After everything: the API must still be up and say so. */
async function stillAlive(client: HttpClient): Promise<string | undefined> {
  const request: FuzzRequest = {
    target: 'liveness',
    variant: 'final',
    kind: 'rest',
    method: 'GET',
    path: '/health/live',
    headers: {},
  };
  const response = await client.send(request);
  return response.status === 200
    ? undefined
    : `GET /health/live answered ${response.error ?? response.status} after the run`;
}

/** Wall time and requests of each phase of the run. */
class PhaseClock {
  readonly phases: FuzzResult['phases'] = [];
  private readonly started = Date.now();
  private since = this.started;
  private sentBefore = 0;
  private readonly sent: () => number;

  constructor(sent: () => number) {
    this.sent = sent;
  }

  mark(name: string): void {
    const sent = this.sent();
    this.phases.push({ name, ms: Date.now() - this.since, requests: sent - this.sentBefore });
    this.since = Date.now();
    this.sentBefore = sent;
  }

  total(): number {
    return Date.now() - this.started;
  }
}
