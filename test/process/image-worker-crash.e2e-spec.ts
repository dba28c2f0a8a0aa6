import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  ConduitUser,
  type JobView,
  randomJpeg,
  renderChildrenOf,
  until,
} from '../support/image-jobs.js';
import { type IsolatedBackends, isolatedBackends } from '../support/isolated-backends.js';
import {
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const finished = (job: JobView) => job.state === 'completed' || job.state === 'failed';

describe('Image worker process crashes and shutdowns', () => {
  let backends: IsolatedBackends;
  let api: TestApp;
  let base: string;
  let db: pg.Client;
  // A large photo: decoding and encoding it keeps a job active for a second or more.
  let photos: Buffer[];
  const workers: RunningProcess[] = [];

  const startWorker = async (env: Record<string, string> = {}) => {
    const worker = startProcess('worker', { ...backends.env, ...env });
    workers.push(worker);
    await waitForOutput(worker, 'worker started', 30_000);
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
    until(
      async () =>
        (await stateOf(id)) === 'active' && (await renderChildrenOf(worker.child.pid!)).length > 0,
      `job ${id} to be rendering in worker ${worker.child.pid}`,
      30_000,
      25,
    );

  beforeAll(async () => {
    backends = await isolatedBackends('crash');
    api = await startTestApp(backends.env);
    await api.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(api.server.address() as { port: number }).port}`;
    db = new pg.Client({ connectionString: backends.env.DATABASE_URL });
    await db.connect();
    photos = await Promise.all([randomJpeg(6000, 4000), randomJpeg(6000, 4000)]);
  }, 60_000);

  afterEach(async () => {
    for (const worker of workers.splice(0)) await stopProcess(worker);
  }, 30_000);

  afterAll(async () => {
    await db?.end();
    await api?.close();
    await backends?.drop();
  }, 60_000);

  it('finishes the job of a SIGKILLed worker in another worker, and leaves no render process behind', async () => {
    // Both workers renew their job locks every second: a dead worker's lock expires in 2 s.
    const doomed = await startWorker({ JOB_LOCK_MS: '2000' });
    const user = await ConduitUser.signUp(base);
    const upload = await user.uploadAvatar(photos[0]);
    expect(upload.status).toBe(202);

    await waitUntilRendering(upload.job.id, doomed);
    const doomedPid = doomed.child.pid!;
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toBe('SIGKILL');
    // It died mid-job: nothing recorded the job as finished.
    expect(await stateOf(upload.job.id)).toBe('active');
    // Its render process notices that its parent is gone and exits too.
    await until(
      async () => (await renderChildrenOf(doomedPid)).length === 0,
      `the render process of worker ${doomedPid} to exit`,
      5_000,
    );

    await startWorker({ JOB_LOCK_MS: '2000' });
    const job = await user.waitForJob(upload.job.id, finished, 45_000, outputs);
    expect(job.state).toBe('completed');
    expect(job.result?.applied).toBe(true);
    expect(await user.image()).toBe(job.result!.image);
    expect((await fetch(`${base}${new URL(job.result!.image).pathname}`)).status).toBe(200);
  }, 60_000);

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
  }, 60_000);
});
