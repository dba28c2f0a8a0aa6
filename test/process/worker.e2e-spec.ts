import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import request from 'supertest';
import { registerUser } from '../factories/user.factory.js';
import { LogCapture } from '../support/log-capture.js';
import {
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

const subjectOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string }).sub;

describe('Background jobs across processes', () => {
  let api: TestApp;
  let worker: RunningProcess | undefined;
  // Every worker a test started: one that fails midway must not leave its worker consuming the
  // run's shared queues (other files' jobs) after the run.
  const started: RunningProcess[] = [];
  const start = (env: Record<string, string>) => {
    worker = startProcess('worker', env);
    started.push(worker);
    return worker;
  };
  let queue: Queue;
  // The API's own log lines: a welcome job it skipped or could not queue says so there.
  const apiLogs = new LogCapture();

  beforeAll(async () => {
    api = await startTestApp({}, apiLogs);
    queue = new Queue('users', {
      connection: { url: process.env.REDIS_URL },
      prefix: `${process.env.REDIS_KEY_PREFIX}bull`,
    });
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map(stopProcess));
  });
  afterAll(async () => {
    await queue.close();
    await api.close();
  });

  it('runs a job enqueued by the API in the worker process, which then stops cleanly', async () => {
    worker = start({});
    await waitForOutput(worker, 'worker started');

    // The API enqueues only while Redis is up: wait until it says so.
    await waitFor(async () => (await request(api.server).get('/health/ready')).status === 200, {
      description: 'the API to be ready',
    });
    const warnings = () =>
      apiLogs.lines.filter((line) => line.includes('"level":40')).join('\n') || '(none)';
    // The welcome job is best effort: when the API's queue connection is slow to answer (a
    // busy machine), the registration goes through without it and the API logs a warning. So
    // register until one is queued, however rarely that takes more than one; the worker must
    // then run it.
    const { user, jobId } = await waitFor(
      async () => {
        const candidate = await registerUser(api.server);
        const id = `welcome-user.${subjectOf(candidate.token)}`;
        const queued = await waitFor(async () => (await queue.getJobState(id)) !== 'unknown', {
          description: `job ${id} to be queued`,
          timeoutMs: 10_000,
        }).catch(() => false);
        return queued && { user: candidate, jobId: id };
      },
      {
        description: 'the API to queue a welcome job',
        timeoutMs: 120_000,
        context: () => `API warnings:\n${warnings()}`,
      },
    );
    let state = 'not read yet';
    // A worker process on a loaded machine: the deadline bounds a failure, it does not pace the test.
    await waitFor(async () => (state = await queue.getJobState(jobId)) === 'completed', {
      description: `job ${jobId} to complete`,
      timeoutMs: 120_000,
      context: () =>
        `job state: ${state}\nAPI warnings:\n${warnings()}\nworker output:\n${worker?.output()}`,
    });
    const job = await queue.getJob(jobId);
    expect(job?.returnvalue).toEqual({ greeting: `Welcome to Conduit, ${user.username}!` });
    expect(worker.output()).toContain('welcome prepared for user');

    // Housekeeping is scheduled once, however many times a worker boots.
    const maintenance = new Queue('maintenance', {
      connection: { url: process.env.REDIS_URL },
      prefix: `${process.env.REDIS_KEY_PREFIX}bull`,
    });
    const schedulers = await maintenance.getJobSchedulers();
    await maintenance.close();
    expect(schedulers.map((s) => s.key)).toEqual(['purge-idempotency-keys']);

    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('shutdown complete');
  });

  it('answers its liveness probe on the metrics port, with metrics on or off', async () => {
    const listenerOf = (proc: RunningProcess) =>
      /metrics and liveness listening on (http:\/\/[^"\s]+)\/metrics/.exec(proc.output())?.[1];

    worker = start({});
    await waitForOutput(worker, 'worker started');
    const base = listenerOf(worker);
    expect(base).toBeDefined();
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);

    worker = start({ METRICS_ENABLED: 'false' });
    await waitForOutput(worker, 'worker started');
    const quiet = listenerOf(worker);
    expect((await fetch(`${quiet}/health/live`)).status).toBe(200);
    expect((await fetch(`${quiet}/metrics`)).status).toBe(404);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });
});
