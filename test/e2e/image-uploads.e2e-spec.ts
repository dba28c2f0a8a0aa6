import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { relayedImageJob } from '../support/image-jobs.js';
import { encodeAs, jpeg, pngBomb } from '../support/images.js';
import { type IsolatedBackends, isolatedBackends } from '../support/isolated-backends.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

const MAX_BYTES = 200_000;

describe('Image uploads (API side: checks, 202 and the job record)', () => {
  let api: TestApp;
  let db: DataSource;
  let photo: Buffer;
  beforeAll(async () => {
    api = await startTestApp({ IMAGE_MAX_BYTES: String(MAX_BYTES) });
    db = new DataSource({ type: 'postgres', url: api.config.database.url });
    await db.initialize();
    photo = await jpeg(320, 240, { seed: 1 });
  });
  afterAll(async () => {
    await db.destroy();
    await api.close();
  });

  const auth = (token: string) => ({ Authorization: `Token ${token}` });
  const upload = (path: string, token: string, bytes: Buffer, filename = 'photo.jpg') =>
    request(api.server).put(path).set(auth(token)).attach('image', bytes, { filename });
  const outboxFor = (jobId: string) =>
    db.query('SELECT job_id FROM outbox_messages WHERE job_id LIKE $1', [`${jobId}-%`]);

  it('accepts an avatar with 202, a job to follow and a Location header', async () => {
    const user = await registerUser(api.server);
    const response = await upload('/api/user/image', user.token, photo).expect(202);
    const { job } = response.body;
    expect(job).toEqual({
      id: expect.stringMatching(/^img_[0-9a-f]{32}$/),
      type: 'avatar-image',
      state: 'queued',
      progress: 0,
      attempts: 0,
      statusUrl: `/api/jobs/${job.id}`,
      eventsUrl: `/api/jobs/${job.id}/events`,
    });
    expect(response.headers.location).toBe(job.statusUrl);
    // The original is kept, and the job row and its outbox message were committed together.
    const [row] = await db.query('SELECT * FROM image_jobs WHERE id = $1', [job.id]);
    expect(row).toMatchObject({ format: 'jpeg', width: 320, height: 240, bytes: photo.length });
    expect(existsSync(join(api.config.storage.dir, row.original_key))).toBe(true);
    expect(await db.query('SELECT 1 FROM image_jobs WHERE id = $1', [job.id])).toHaveLength(1);

    const status = await request(api.server).get(job.statusUrl).set(auth(user.token)).expect(200);
    expect(status.body.job).toMatchObject({ id: job.id, state: 'queued', progress: 0 });
  });

  it('hands the job to BullMQ right after the commit, with the request trace attached', async () => {
    const user = await registerUser(api.server);
    const { body } = await upload('/api/user/image', user.token, await jpeg(96, 64, { seed: 9 }))
      .set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')
      .expect(202);
    const job = await relayedImageJob(api.config, body.job.id);
    expect(job.data).toEqual({ imageJobId: body.job.id, run: 1 });
    // The trace context rides where BullMQ keeps it (its edges: test/process/trace-tree).
    expect(job.opts).toMatchObject({
      attempts: 4,
      backoff: { type: 'exponential' },
      telemetry: { metadata: expect.any(String) },
    });
    // The relay deletes the outbox row right after the add.
    await waitFor(async () => (await outboxFor(body.job.id)).length === 0, {
      description: 'the relayed outbox row to be deleted',
    });
  });

  it('accepts JPEG, PNG, WebP and AVIF, whatever the file is called', async () => {
    const user = await registerUser(api.server);
    for (const format of ['png', 'webp', 'avif'] as const) {
      const bytes = await encodeAs(photo, format);
      const response = await upload('/api/user/image', user.token, bytes, 'misleading.txt');
      expect(response.status).toBe(202);
      const [row] = await db.query('SELECT format FROM image_jobs WHERE id = $1', [
        response.body.job.id,
      ]);
      expect(row.format).toBe(format);
    }
  });

  it('gives the same upload retried the same job, recorded and enqueued once', async () => {
    const user = await registerUser(api.server);
    const bytes = await jpeg(200, 100, { seed: 2 });
    const answers = await Promise.all(
      [1, 2, 3].map(() => upload('/api/user/image', user.token, bytes)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202]);
    const ids = new Set(answers.map((answer) => (answer.body as { job: { id: string } }).job.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    const jobs = await db.query('SELECT run FROM image_jobs WHERE id = $1', [id]);
    expect(jobs).toEqual([{ run: 1 }]);
    // One message at most: the relay may already have handed it to BullMQ and deleted it.
    expect((await outboxFor(id)).length).toBeLessThanOrEqual(1);

    // Someone else uploading the same bytes gets a job of their own.
    const other = await registerUser(api.server);
    const theirs = await upload('/api/user/image', other.token, bytes).expect(202);
    expect(theirs.body.job.id).not.toBe(id);
  });

  it('refuses content that is not an image with 415, whatever it claims to be', async () => {
    const user = await registerUser(api.server);
    const response = await request(api.server)
      .put('/api/user/image')
      .set(auth(user.token))
      .attach('image', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), {
        filename: 'avatar.png',
        contentType: 'image/png',
      })
      .expect(415);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 415, code: 'IMAGE_UNSUPPORTED_TYPE' });
  });

  it('refuses a decompression bomb from its header with 422, before decoding it', async () => {
    const user = await registerUser(api.server);
    const bomb = pngBomb(20_000, 20_000);
    expect(bomb.length).toBeLessThan(1_000);
    const response = await upload('/api/user/image', user.token, bomb, 'tiny.png').expect(422);
    expect(response.body).toMatchObject({
      code: 'IMAGE_TOO_MANY_PIXELS',
      errors: { body: [expect.stringContaining('20000x20000')] },
    });
  });

  it('refuses an upload over the size limit with 413', async () => {
    const user = await registerUser(api.server);
    const big = Buffer.concat([photo, randomBytes(MAX_BYTES)]);
    const response = await upload('/api/user/image', user.token, big).expect(413);
    expect(response.body).toMatchObject({ status: 413, code: 'IMAGE_TOO_LARGE' });
  });

  it('refuses an image whose header cannot be read with 422', async () => {
    const user = await registerUser(api.server);
    const garbled = Buffer.concat([photo.subarray(0, 4), randomBytes(64)]);
    const response = await upload('/api/user/image', user.token, garbled).expect(422);
    expect(response.body.code).toBe('IMAGE_UNREADABLE');
  });

  it('asks for multipart with one file field named image', async () => {
    const user = await registerUser(api.server);
    const json = await request(api.server)
      .put('/api/user/image')
      .set(auth(user.token))
      .send({ image: 'https://example.test/a.png' })
      .expect(415);
    expect(json.body.code).toBe('IMAGE_MULTIPART_REQUIRED');

    const wrongField = await request(api.server)
      .put('/api/user/image')
      .set(auth(user.token))
      .attach('file', photo, 'photo.jpg')
      .expect(422);
    expect(wrongField.body.code).toBe('IMAGE_FILE_REQUIRED');

    const noFile = await request(api.server)
      .put('/api/user/image')
      .set(auth(user.token))
      .field('note', 'no file here')
      .expect(422);
    expect(noFile.body.code).toBe('IMAGE_FILE_REQUIRED');

    const twoFiles = await request(api.server)
      .put('/api/user/image')
      .set(auth(user.token))
      .attach('image', photo, 'a.jpg')
      .attach('image', photo, 'b.jpg');
    expect(twoFiles.status).toBe(422);
  });

  it('accepts multipart bodies on the upload routes only', async () => {
    const response = await request(api.server)
      .post('/api/users')
      .field('user[email]', 'multipart@example.test')
      .expect(415);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('MULTIPART_NOT_ACCEPTED');
  });

  it('requires authentication before reading the upload', async () => {
    const response = await request(api.server)
      .put('/api/user/image')
      .attach('image', photo, 'photo.jpg')
      .expect(401);
    expect(response.body.code).toBe('AUTHENTICATION_REQUIRED');
  });

  describe('article images', () => {
    it('lets the author upload, and refuses anyone else (403) or an unknown slug (404)', async () => {
      const author = await registerUser(api.server);
      const other = await registerUser(api.server);
      const article = await createArticle(api.server, author.token);
      const path = `/api/articles/${article.slug}/image`;

      const accepted = await upload(path, author.token, photo).expect(202);
      expect(accepted.body.job.type).toBe('article-image');

      const refused = await upload(path, other.token, photo).expect(403);
      expect(refused.body.code).toBe('ARTICLE_NOT_AUTHOR');
      await upload('/api/articles/no-such-article/image', author.token, photo).expect(404);
      // No job was recorded for the refused upload.
      const rows = await db.query(
        'SELECT count(*)::int AS n FROM image_jobs WHERE owner_id = (SELECT id FROM users WHERE username = $1)',
        [other.username],
      );
      expect(rows[0].n).toBe(0);

      const read = await request(api.server).get(`/api/articles/${article.slug}`).expect(200);
      expect(read.body.article.image).toBeNull();
    });
  });

  describe('GET /api/jobs/:id', () => {
    it('shows a job to its owner only: 404 for anyone else, as for an unknown id', async () => {
      const owner = await registerUser(api.server);
      const other = await registerUser(api.server);
      const { body } = await upload(
        '/api/user/image',
        owner.token,
        await jpeg(64, 64, { seed: 3 }),
      ).expect(202);

      await request(api.server).get(body.job.statusUrl).set(auth(owner.token)).expect(200);
      const foreign = await request(api.server)
        .get(body.job.statusUrl)
        .set(auth(other.token))
        .expect(404);
      expect(foreign.body.code).toBe('JOB_NOT_FOUND');
      await request(api.server)
        .get(`${body.job.statusUrl}/events`)
        .set(auth(other.token))
        .expect(404);
      await request(api.server)
        .get('/api/jobs/img_00000000000000000000000000000000')
        .set(auth(owner.token))
        .expect(404);
      await request(api.server).get('/api/jobs/not-a-job-id').set(auth(owner.token)).expect(404);
      await request(api.server).get(body.job.statusUrl).expect(401);
    });
  });

  describe('GET /media/images/…', () => {
    it('answers 404 for an unknown image and never serves originals', async () => {
      await request(api.server)
        .get('/media/images/img_00000000000000000000000000000000/256.webp')
        .expect(404);
      await request(api.server).get('/media/originals/anything.jpg').expect(404);
      await request(api.server).get('/media/images/..%2F..%2Fetc/passwd').expect(404);
    });
  });
});

// On a database and key prefix of their own: no worker of another test file may process these
// jobs while the test plays the worker's part by writing the outcome itself.
describe('Image uploads submitted again', () => {
  let api: TestApp;
  let db: DataSource;
  let backends: IsolatedBackends;
  beforeAll(async () => {
    backends = await isolatedBackends('uploads_again');
    api = await startTestApp(backends.env);
    db = new DataSource({ type: 'postgres', url: api.config.database.url });
    await db.initialize();
  });
  afterAll(async () => {
    await db.destroy();
    await api.close();
    await backends.drop();
  });

  const upload = (token: string, bytes: Buffer) =>
    request(api.server)
      .put('/api/user/image')
      .set('Authorization', `Token ${token}`)
      .attach('image', bytes, 'photo.jpg')
      .expect(202);
  const currentImage = async (token: string) =>
    (await request(api.server).get('/api/user').set('Authorization', `Token ${token}`).expect(200))
      .body.user.image as string;

  it('runs a job that failed for good again, as a new run', async () => {
    const user = await registerUser(api.server);
    const bytes = await jpeg(48, 48, { seed: 21 });
    const first = (await upload(user.token, bytes)).body.job;
    await db.query(`UPDATE image_jobs SET state = 'failed', error = 'boom' WHERE id = $1`, [
      first.id,
    ]);

    const again = (await upload(user.token, bytes)).body.job;
    expect(again).toMatchObject({ id: first.id, state: 'queued', attempts: 0 });
    expect(again.error).toBeUndefined();
    const [row] = await db.query('SELECT run FROM image_jobs WHERE id = $1', [first.id]);
    expect(row.run).toBe(2);
    const queue = new Queue('images', {
      connection: { url: api.config.redis.url },
      prefix: `${api.config.redis.keyPrefix}bull`,
    });
    try {
      await waitFor(() => queue.getJob(`${first.id}-2`), {
        description: 'the BullMQ job of run 2',
      });
    } finally {
      await queue.close();
    }
  });

  it('points the avatar back at a completed upload that another one replaced, without processing it again', async () => {
    const user = await registerUser(api.server);
    const bytes = await jpeg(48, 48, { seed: 22 });
    const { id } = (await upload(user.token, bytes)).body.job;
    const processed = `http://media.test/images/${id}/256.webp`;
    // What the worker would have recorded, then a newer avatar applied since.
    await db.query(
      `UPDATE image_jobs SET state = 'completed', progress = 100, finished_at = now(),
         result = $2 WHERE id = $1`,
      [
        id,
        JSON.stringify({
          image: processed,
          placeholder: 'L',
          width: 48,
          height: 48,
          variants: [],
          applied: true,
        }),
      ],
    );
    await db.query('UPDATE users SET image = $2 WHERE username = $1', [
      user.username,
      'http://media.test/newer.webp',
    ]);

    const again = (await upload(user.token, bytes)).body.job;
    expect(again).toMatchObject({
      id,
      state: 'completed',
      result: { image: processed, applied: true },
    });
    expect(await currentImage(user.token)).toBe(processed);
    const [row] = await db.query('SELECT run FROM image_jobs WHERE id = $1', [id]);
    expect(row.run).toBe(1);
  });
});
