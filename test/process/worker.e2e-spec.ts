import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import request from 'supertest';
import { registerUser } from '../factories/user.factory.js';
import {
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const subjectOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string }).sub;

describe('Background jobs across processes', () => {
  let api: TestApp;
  let worker: RunningProcess | undefined;
  let queue: Queue;

  beforeAll(async () => {
    api = await startTestApp();
    queue = new Queue('users', {
      connection: { url: process.env.REDIS_URL },
      prefix: `${process.env.REDIS_KEY_PREFIX}bull`,
    });
  });
  afterAll(async () => {
    await stopProcess(worker);
    await queue.close();
    await api.close();
  }, 60_000);

  it('runs a job enqueued by the API in the worker process, which then stops cleanly', async () => {
    worker = startProcess('worker', {});
    await waitForOutput(worker, 'worker started');

    // The API enqueues only while Redis is up: wait until it says so.
    while ((await request(api.server).get('/health/ready')).status !== 200) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const user = await registerUser(api.server);
    const jobId = `welcome-user.${subjectOf(user.token)}`;
    const deadline = Date.now() + 15_000;
    let job = await queue.getJob(jobId);
    while ((await job?.getState()) !== 'completed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = await queue.getJob(jobId);
    }
    // getState() reads Redis live, but `job` is a snapshot taken before it completed: re-read it.
    job = await queue.getJob(jobId);
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
});
