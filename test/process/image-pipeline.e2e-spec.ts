import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { ConduitUser, JOB_MS, type JobView, randomJpeg, finished } from '../support/image-jobs.js';
import { type IsolatedBackends, isolatedBackends } from '../support/isolated-backends.js';
import {
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';
import { METRICS } from '../../src/infra/metrics/catalog.js';
import { MetricsListener } from '../../src/platform/metrics/metrics-listener.js';
import { declaredTypes, parseSamples, scrape, total } from '../support/prometheus-text.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

/** Reads a Server-Sent Events stream to its end: each event's name and parsed data. */
async function readEvents(response: Response): Promise<{ event: string; data: unknown }[]> {
  const events: { event: string; data: unknown }[] = [];
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const field = (name: string) =>
        block
          .split('\n')
          .filter((line) => line.startsWith(`${name}:`))
          .map((line) => line.slice(name.length + 1).trim())
          .join('\n');
      if (field('data')) events.push({ event: field('event'), data: JSON.parse(field('data')) });
    }
  }
  return events;
}

/** When the worker logged each failed attempt of a job (pino's `time`, in ms). */
function failedAttemptTimes(output: string, jobId: string): number[] {
  return output
    .split('\n')
    .filter((line) => line.includes(`image job ${jobId} attempt`) && line.includes('failed'))
    .map((line) => Number(/"time":(\d+)/.exec(line)?.[1]));
}

describe('Image pipeline: API, queue and worker process', () => {
  let backends: IsolatedBackends;
  let api: TestApp;
  let base: string;
  let worker: RunningProcess | undefined;
  let workerEnv: Record<string, string>;

  const startWorker = async () => {
    worker = startProcess('worker', workerEnv);
    await waitForOutput(worker, 'worker started');
  };
  const workerOutput = () => `worker output:\n${worker?.output() ?? '(no worker)'}`;

  /** Uploads an avatar and waits for its job to finish. */
  const uploadAndWait = async (user: ConduitUser, bytes: Uint8Array) => {
    const upload = await user.uploadAvatar(bytes);
    expect(upload.status).toBe(202);
    return user.waitForJob(upload.job.id, finished, undefined, workerOutput);
  };

  beforeAll(async () => {
    backends = await isolatedBackends('pipeline');
    // The API writes the retry policy into each job: a short backoff keeps the retry test short,
    // and 8 attempts leave the retry test 38 s after the second failure to put the original back.
    api = await startTestApp({
      ...backends.env,
      IMAGE_RETRY_DELAY_MS: '300',
      IMAGE_JOB_ATTEMPTS: '8',
    });
    await api.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(api.server.address() as { port: number }).port}`;
    // Image URLs are built by the worker: point them at this API.
    workerEnv = { ...backends.env, MEDIA_BASE_URL: `${base}/media` };
    await startWorker();
  });

  afterAll(async () => {
    await stopProcess(worker);
    await api?.close();
    await backends?.drop();
  });

  it('accepts an upload with 202, processes it in the worker, and serves the result without EXIF', async () => {
    const user = await ConduitUser.signUp(base);
    const photo = await randomJpeg(1600, 1200);
    expect((await sharp(photo).metadata()).exif).toBeDefined();

    const upload = await user.uploadAvatar(photo);
    expect(upload.status).toBe(202);
    expect(upload.job).toMatchObject({ type: 'avatar-image', state: 'queued', attempts: 0 });
    expect(upload.location).toBe(`/api/jobs/${upload.job.id}`);
    expect(upload.job.statusUrl).toBe(upload.location);

    const job = await user.waitForJob(upload.job.id, finished, undefined, workerOutput);
    expect(job).toMatchObject({ state: 'completed', progress: 100, attempts: 1 });
    const result = job.result!;
    expect(await user.image()).toBe(result.image);
    expect(result.image).toBe(`${base}/media/images/${job.id}/256.webp`);
    expect(result.placeholder).toMatch(/^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{6,}$/);
    expect(result).toMatchObject({ width: 1600, height: 1200, applied: true });
    const webp = result.variants.filter((variant) => variant.format === 'webp');
    expect(webp.map((variant) => variant.size).sort((a, b) => a - b)).toEqual([64, 256, 1024]);
    // Avatars are square crops.
    for (const variant of webp) {
      expect(variant).toMatchObject({ width: variant.size, height: variant.size });
    }

    const media = await fetch(result.image);
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('image/webp');
    expect(media.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const served = await sharp(Buffer.from(await media.arrayBuffer())).metadata();
    expect(served).toMatchObject({ format: 'webp', width: 256, height: 256 });
    expect(served.exif).toBeUndefined();
    // Every other variant is served too.
    for (const variant of result.variants) {
      const response = await fetch(variant.url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(`image/${variant.format}`);
      expect(
        (await sharp(Buffer.from(await response.arrayBuffer())).metadata()).exif,
      ).toBeUndefined();
    }
  });

  it('exports the job on the worker’s metrics port, and the queue depth on the API’s', async () => {
    const user = await ConduitUser.signUp(base);
    expect((await uploadAndWait(user, await randomJpeg(320, 240))).state).toBe('completed');

    const workerUrl = /metrics and liveness listening on (http:\/\/[^"\s]+)/.exec(
      worker?.output() ?? '',
    )?.[1];
    expect(workerUrl).toBeDefined();
    const text = await scrape(workerUrl ?? '');
    const workerSeries = Object.values(METRICS)
      .filter((definition) => (definition.sources as readonly string[]).includes('worker'))
      .map((definition) => definition.name);
    expect([...declaredTypes(text).keys()].sort()).toEqual(workerSeries.sort());
    const samples = parseSamples(text);
    const jobs = { queue_name: 'images', job_outcome: 'completed' };
    expect(total(samples, 'job_duration_seconds_count', jobs)).toBeGreaterThan(0);
    expect(
      total(samples, 'db_client_operation_duration_seconds_count', {
        db_system_name: 'postgresql',
      }),
    ).toBeGreaterThan(0);
    expect(total(samples, 'nodejs_eventloop_utilization_ratio')).toBeGreaterThan(0);

    const apiSamples = parseSamples(await scrape(api.app.get(MetricsListener).url ?? ''));
    expect(
      total(apiSamples, 'queue_jobs', { queue_name: 'images', job_state: 'completed' }),
    ).toBeGreaterThan(0);
    expect(
      total(apiSamples, 'queue_oldest_waiting_job_age_seconds', { queue_name: 'images' }),
    ).toBeGreaterThanOrEqual(0);
  });

  it('streams the job over Server-Sent Events until it completes', async () => {
    const user = await ConduitUser.signUp(base);
    const upload = await user.uploadAvatar(await randomJpeg(3000, 2000));
    expect(upload.status).toBe(202);

    const response = await fetch(`${base}${upload.job.eventsUrl}`, {
      headers: { ...user.authorization, accept: 'text/event-stream' },
      signal: AbortSignal.timeout(JOB_MS),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    // The stream ends on its own once the job has finished.
    const events = await readEvents(response);

    expect(events.length).toBeGreaterThan(0);
    const order = ['queued', 'active', 'completed'];
    const states = events.map(({ event }) => event);
    for (const state of states) expect(order).toContain(state);
    // States only move forward, and each event's name is the state it carries.
    expect([...states].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(states);
    for (const { event, data } of events) {
      expect(data).toMatchObject({ job: { id: upload.job.id, state: event } });
    }
    const last = events.at(-1)!;
    expect(last.event).toBe('completed');
    const { job } = last.data as { job: JobView };
    expect(job.result?.image).toBe(await user.image());
  });

  it('fails a truncated image for good with a reason, and keeps the previous avatar', async () => {
    const user = await ConduitUser.signUp(base);
    const first = await uploadAndWait(user, await randomJpeg(800, 600));
    expect(first.state).toBe('completed');
    const previous = first.result!.image;
    expect(await user.image()).toBe(previous);

    const valid = await randomJpeg(1200, 900);
    // The header is intact, so the API accepts it; the pixels end early.
    const truncated = valid.subarray(0, Math.floor(valid.length * 0.6));
    const upload = await user.uploadAvatar(truncated);
    expect(upload.status).toBe(202);
    const job = await user.waitForJob(upload.job.id, finished, undefined, workerOutput);

    expect(job.state).toBe('failed');
    // A fixed sentence: the decoder's own error text stays in the worker log.
    expect(job.error).toBe(
      'the image could not be processed: it is damaged or not the format it claims (IMAGE_UNPROCESSABLE)',
    );
    expect(job.result).toBeUndefined();
    // A broken file is not retried: another attempt could not help.
    expect(job.attempts).toBe(1);
    expect(await user.image()).toBe(previous);
    expect((await fetch(previous)).status).toBe(200);
  });

  it('retries an attempt that failed on a passing problem, with growing delays, until it completes', async () => {
    // No worker while the upload is accepted, so its original can be taken away first.
    worker!.child.kill('SIGTERM');
    expect(await worker!.exited).toBe(0);

    const user = await ConduitUser.signUp(base);
    const photo = await randomJpeg(800, 600);
    const upload = await user.uploadAvatar(photo);
    expect(upload.status).toBe(202);
    const original = join(backends.env.STORAGE_DIR, 'originals', `${upload.job.id}.jpg`);
    await rm(original);

    await startWorker();
    // An attempt failed (the original is missing); the owner sees the job waiting again.
    const waiting = await user.waitForJob(
      upload.job.id,
      (job) => finished(job) || (job.state === 'queued' && job.attempts >= 1),
      undefined,
      workerOutput,
    );
    expect(waiting).toMatchObject({ state: 'queued', progress: 0 });
    expect(waiting.error).toBeUndefined();
    await waitFor(() => failedAttemptTimes(worker!.output(), upload.job.id).length >= 2, {
      description: 'two failed attempts',
      context: workerOutput,
    });

    await writeFile(original, photo);
    const job = await user.waitForJob(upload.job.id, finished, undefined, workerOutput);
    expect(job.state).toBe('completed');
    expect(job.attempts).toBeGreaterThanOrEqual(3);
    expect(await user.image()).toBe(job.result!.image);
    expect((await fetch(job.result!.image)).status).toBe(200);
    // Exponential backoff: 300 ms (IMAGE_RETRY_DELAY_MS) after the first failure, then 600 ms...
    const failedAt = failedAttemptTimes(worker!.output(), upload.job.id);
    expect(failedAt.length).toBe(job.attempts - 1);
    for (let attempt = 1; attempt < failedAt.length; attempt++) {
      expect(failedAt[attempt] - failedAt[attempt - 1]).toBeGreaterThanOrEqual(
        300 * 2 ** (attempt - 1),
      );
    }
  });
});
