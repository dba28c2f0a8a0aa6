import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import pg from 'pg';
import { ConduitUser, randomJpeg, finished } from '../support/image-jobs.js';
import { type IsolatedBackends, isolatedBackends } from '../support/isolated-backends.js';
import {
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

interface OutboxRow {
  job_id: string;
  attempts: number;
  last_error: string | null;
}

describe('Image uploads while Redis is down', () => {
  let backends: IsolatedBackends;
  let proxy: TcpProxy;
  let api: TestApp;
  let base: string;
  let worker: RunningProcess | undefined;
  let db: pg.Client;
  let queue: Queue;

  const readiness = async () => (await fetch(`${base}/health/ready`)).status;
  const outbox = async (jobId: string): Promise<OutboxRow[]> =>
    (
      await db.query('SELECT job_id, attempts, last_error FROM outbox_messages WHERE job_id = $1', [
        jobId,
      ])
    ).rows as OutboxRow[];

  beforeAll(async () => {
    backends = await isolatedBackends('outbox');
    const redis = new URL(process.env.REDIS_URL!);
    proxy = await new TcpProxy(redis.hostname, Number(redis.port || 6379)).start();
    const throughProxy = new URL(redis);
    throughProxy.host = `127.0.0.1:${proxy.port}`;
    const env = { ...backends.env, REDIS_URL: throughProxy.toString() };

    api = await startTestApp(env);
    await api.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(api.server.address() as { port: number }).port}`;
    worker = startProcess('worker', { ...env, OUTBOX_POLL_MS: '250' });
    await waitForOutput(worker, 'worker started');
    db = new pg.Client({ connectionString: backends.env.DATABASE_URL });
    await db.connect();
    // Inspects BullMQ in the real Redis, not through the proxy.
    queue = new Queue('images', {
      connection: { url: process.env.REDIS_URL },
      prefix: `${backends.env.REDIS_KEY_PREFIX}bull`,
    });
  });

  afterAll(async () => {
    await stopProcess(worker);
    await api?.close();
    await proxy?.cut();
    await queue?.close();
    await db?.end();
    await backends?.drop();
  });

  it('accepts the upload, keeps it in the outbox, and processes it once when Redis is back', async () => {
    await waitFor(async () => (await readiness()) === 200, { description: 'the API to be ready' });
    const user = await ConduitUser.signUp(base);
    const photo = await randomJpeg(800, 600);

    await proxy.cut();
    await waitFor(async () => (await readiness()) === 503, {
      description: 'the API to notice Redis is gone',
    });
    const upload = await user.uploadAvatar(photo);
    expect(upload.status).toBe(202);
    expect(upload.job).toMatchObject({ state: 'queued', attempts: 0 });
    const bullId = `${upload.job.id}-1`;
    expect(await outbox(bullId)).toHaveLength(1);

    // The relays keep trying and keep the message while Redis stays away.
    const [pending] = await waitFor(
      async () => {
        const rows = await outbox(bullId);
        return rows.length === 1 && rows[0].attempts >= 2 && rows;
      },
      { description: 'the relay to fail twice' },
    );
    expect(pending.last_error).toBeTruthy();
    expect(await user.job(upload.job.id)).toMatchObject({ state: 'queued', attempts: 0 });
    expect(await queue.getJob(bullId)).toBeUndefined();

    await proxy.restore();
    const job = await user.waitForJob(
      upload.job.id,
      finished,
      undefined,
      () => `worker output:\n${worker?.output()}`,
    );
    expect(job).toMatchObject({ state: 'completed', attempts: 1 });
    expect(await user.image()).toBe(job.result!.image);
    // The relay deletes the row after BullMQ took the job, so on a busy machine the worker can
    // finish the job first: the row goes, but not necessarily before the job completes.
    await waitFor(async () => (await outbox(bullId)).length === 0, {
      description: 'the relay to delete the relayed message',
    });

    // Relayed after several failed tries, by whichever relay got there: one BullMQ job, run once.
    const jobs = await queue.getJobs(['completed', 'failed', 'active', 'waiting', 'delayed']);
    expect(jobs.map((bullJob) => bullJob.id)).toEqual([bullId]);
    expect(jobs[0]).toMatchObject({ attemptsMade: 1, returnvalue: job.result });
    expect(await queue.getJobCounts()).toMatchObject({
      completed: 1,
      failed: 0,
      active: 0,
      waiting: 0,
      delayed: 0,
    });
  });
});
