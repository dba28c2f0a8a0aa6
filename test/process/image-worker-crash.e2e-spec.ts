import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import pg from 'pg';
import { ConduitUser, randomJpeg, renderChildrenOf, finished } from '../support/image-jobs.js';
import { type IsolatedBackends, isolatedBackends } from '../support/isolated-backends.js';
import {
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

// Small values, so the test is quick; the bound below is computed from them.
const LOCK_MS = 6_000;
const STALLED_CHECK_MS = 500;
// Scheduling delays of a busy machine: timers fire late, checks take longer. Still well short of
// what a check interval equal to the lock (the old setting) takes: up to R + 2 x LOCK_MS.
const SLACK_MS = 3_000;

describe('Image worker process crashes and shutdowns', () => {
  let backends: IsolatedBackends;
  let api: TestApp;
  let base: string;
  let db: pg.Client;
  let queue: Queue;
  // A large photo: decoding and encoding it keeps a job active for a second or more.
  let photos: Buffer[];
  const workers: RunningProcess[] = [];

  const startWorker = async (env: Record<string, string> = {}) => {
    const worker = startProcess('worker', { ...backends.env, ...env });
    workers.push(worker);
    await waitForOutput(worker, 'worker started');
    return worker;
  };
  const outputs = () =>
    workers.map((worker, index) => `worker ${index + 1}:\n${worker.output()}`).join('\n');

  const stateOf = async (id: string): Promise<string> =>
    (
      (await db.query('SELECT state FROM image_jobs WHERE id = $1', [id])).rows[0] as {
        state: string;
      }
    ).state;

  /** Waits until the worker is rendering the job: the row is active and a render child runs. */
  const waitUntilRendering = (id: string, worker: RunningProcess) =>
    waitFor(
      async () =>
        (await stateOf(id)) === 'active' && (await renderChildrenOf(worker.child.pid!)).length > 0,
      { description: `job ${id} to be rendering in worker ${worker.child.pid}`, intervalMs: 25 },
    );

  beforeAll(async () => {
    backends = await isolatedBackends('crash');
    api = await startTestApp(backends.env);
    await api.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(api.server.address() as { port: number }).port}`;
    db = new pg.Client({ connectionString: backends.env.DATABASE_URL });
    await db.connect();
    queue = new Queue('images', {
      connection: { url: process.env.REDIS_URL },
      prefix: `${backends.env.REDIS_KEY_PREFIX}bull`,
    });
    photos = await Promise.all([randomJpeg(6000, 4000), randomJpeg(6000, 4000)]);
  });

  afterEach(async () => {
    for (const worker of workers.splice(0)) await stopProcess(worker);
  });

  afterAll(async () => {
    await queue?.close();
    await db?.end();
    await api?.close();
    await backends?.drop();
  });

  it('finishes the job of a SIGKILLed worker in another worker within the documented bound, and leaves no render process behind', async () => {
    const settings = {
      JOB_LOCK_MS: String(LOCK_MS),
      JOB_STALLED_CHECK_MS: String(STALLED_CHECK_MS),
    };
    const doomed = await startWorker(settings);
    const user = await ConduitUser.signUp(base);
    const upload = await user.uploadAvatar(photos[0]);
    expect(upload.status).toBe(202);

    await waitUntilRendering(upload.job.id, doomed);
    const doomedPid = doomed.child.pid!;
    const killedAt = Date.now();
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toBe('SIGKILL');
    // It died mid-job: nothing recorded the job as finished.
    expect(await stateOf(upload.job.id)).toBe('active');

    // A replacement is up R ms after the crash (seen a little late, which only widens the bound).
    await startWorker(settings);
    const restartedAfter = Date.now() - killedAt;
    // The dead worker's render process notices that its parent is gone and exits too.
    await waitFor(async () => (await renderChildrenOf(doomedPid)).length === 0, {
      description: `the render process of worker ${doomedPid} to exit`,
    });
    // BullMQ records when it hands the job to a worker again (its second start).
    const retaken = await waitFor(
      async () => {
        const bullJob = await queue.getJob(`${upload.job.id}-1`);
        return bullJob && bullJob.attemptsStarted >= 2 && bullJob;
      },
      { description: 'the stalled job to be started again', context: outputs },
    );
    expect(retaken.stalledCounter).toBe(1);
    const recoveredAfter = retaken.processedOn! - killedAt;
    // docs/images.md: within max(L + S, R + 2 x S) of the crash.
    const bound = Math.max(LOCK_MS + STALLED_CHECK_MS, restartedAfter + 2 * STALLED_CHECK_MS);
    expect(recoveredAfter).toBeLessThanOrEqual(bound + SLACK_MS);

    const job = await user.waitForJob(upload.job.id, finished, undefined, outputs);
    expect(job.state).toBe('completed');
    expect(job.result?.applied).toBe(true);
    expect(await user.image()).toBe(job.result!.image);
    expect((await fetch(`${base}${new URL(job.result!.image).pathname}`)).status).toBe(200);
  });

  it('finishes the active job on SIGTERM before exiting 0', async () => {
    const worker = await startWorker({ SHUTDOWN_TIMEOUT_MS: '45000' });
    const user = await ConduitUser.signUp(base);
    const upload = await user.uploadAvatar(photos[1]);
    expect(upload.status).toBe(202);

    await waitUntilRendering(upload.job.id, worker);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('shutdown complete');

    // No other worker ran: this one completed the job on its way out.
    const job = await user.job(upload.job.id);
    expect(job).toMatchObject({ state: 'completed', attempts: 1 });
    expect(await user.image()).toBe(job.result!.image);
    expect(await renderChildrenOf(worker.child.pid!)).toEqual([]);
  });
});
