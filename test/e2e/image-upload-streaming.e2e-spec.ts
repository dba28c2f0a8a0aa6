import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { HEAD_BYTES } from '../../src/modules/images/upload/staged-upload.js';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { type IsolatedBackends, isolatedBackends } from '../support/isolated-backends.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

const MAX_BYTES = 3 * 1024 * 1024;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** An image of pure noise: it barely compresses, so it is as large as the test needs. */
const noise = (width: number, height: number, format: 'jpeg' | 'webp') =>
  sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .toFormat(format, { quality: 90 })
    .toBuffer();

/** Every file under `dir`, as paths relative to it ([] when there is no such directory). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

/*
 * The API streams an upload to storage as it arrives (a temporary object, hashed chunk by chunk,
 * with only its first bytes in memory), then keeps it under its final key once accepted. These
 * tests hold it to that: what is kept is exactly what was sent, and nothing else stays behind.
 */
describe('Image uploads streamed to storage', () => {
  let backends: IsolatedBackends;
  let api: TestApp;
  let db: DataSource;
  let port: number;
  let storageDir: string;
  let user: { token: string };
  beforeAll(async () => {
    backends = await isolatedBackends('upload_streaming');
    storageDir = backends.env.STORAGE_DIR;
    api = await startTestApp({ ...backends.env, IMAGE_MAX_BYTES: String(MAX_BYTES) });
    await api.app.listen(0, '127.0.0.1');
    port = (api.server.address() as { port: number }).port;
    db = new DataSource({ type: 'postgres', url: api.config.database.url });
    await db.initialize();
    user = await registerUser(api.server);
  });
  afterAll(async () => {
    await db?.destroy();
    await api?.close();
    await backends?.drop();
  });

  /** Temporary objects (`uploads/`) and half-written files (`*.tmp`) anywhere in storage. */
  const leftovers = async () =>
    (await filesUnder(storageDir)).filter(
      (path) => path.startsWith('uploads/') || path.endsWith('.tmp'),
    );
  const originals = () => filesUnder(join(storageDir, 'originals'));

  // Every request below has been answered by then: whatever it wrote is kept or gone.
  afterEach(async () => {
    expect(await leftovers()).toEqual([]);
  });

  const upload = (bytes: Buffer, token = user.token, path = '/api/user/image') =>
    request(api.server)
      .put(path)
      .set('Authorization', `Token ${token}`)
      .attach('image', bytes, 'photo.jpg');

  it('keeps exactly the bytes sent: the stored original hashes to the recorded content hash', async () => {
    const photo = await noise(1200, 900, 'jpeg');
    expect(photo.length).toBeGreaterThan(2 * HEAD_BYTES);

    const { body } = await upload(photo).expect(202);
    const [row] = await db.query(
      'SELECT original_key, content_hash, bytes, width, height FROM image_jobs WHERE id = $1',
      [body.job.id],
    );
    expect(row).toMatchObject({ content_hash: sha256(photo), bytes: photo.length });
    expect([row.width, row.height]).toEqual([1200, 900]);
    const stored = await readFile(join(storageDir, row.original_key));
    expect(sha256(stored)).toBe(sha256(photo));
  });

  it('accepts a WebP whose header needs more than the first bytes kept in memory', async () => {
    // libwebp reads a header only from the whole RIFF container: the API reads it back.
    const webp = await noise(900, 700, 'webp');
    expect(webp.length).toBeGreaterThan(HEAD_BYTES);

    const { body } = await upload(webp).expect(202);
    const [row] = await db.query('SELECT format, width, height FROM image_jobs WHERE id = $1', [
      body.job.id,
    ]);
    expect(row).toEqual({ format: 'webp', width: 900, height: 700 });
  });

  it('refuses an upload over the limit with 413, and nothing of it stays in storage', async () => {
    const before = await originals();
    const big = Buffer.concat([await noise(64, 64, 'jpeg'), randomBytes(MAX_BYTES)]);

    const response = await upload(big).expect(413);
    expect(response.body).toMatchObject({ status: 413, code: 'IMAGE_TOO_LARGE' });
    expect(await originals()).toEqual(before);
  });

  it('leaves nothing in storage for an upload it refuses after reading it', async () => {
    const before = await originals();
    const photo = await noise(600, 400, 'jpeg');
    const other = await registerUser(api.server);
    const article = await createArticle(api.server, other.token);

    // Not an image, behind a JPEG's name and a large body.
    expect((await upload(randomBytes(HEAD_BYTES * 2)).expect(415)).body.code).toBe(
      'IMAGE_UNSUPPORTED_TYPE',
    );
    // A JPEG's first bytes, then noise: no header to read, even from the whole file.
    const garbled = Buffer.concat([photo.subarray(0, 4), randomBytes(HEAD_BYTES * 2)]);
    expect((await upload(garbled).expect(422)).body.code).toBe('IMAGE_UNREADABLE');
    // Someone else's article: streamed in full before the answer, then refused.
    await upload(photo, user.token, `/api/articles/${article.slug}/image`).expect(403);
    // A second file after the first one was stored.
    await request(api.server)
      .put('/api/user/image')
      .set('Authorization', `Token ${user.token}`)
      .attach('image', photo, 'a.jpg')
      .attach('image', photo, 'b.jpg')
      .expect(422);

    expect(await originals()).toEqual(before);
  });

  it('deletes what it had written when the client goes away in the middle of an upload', async () => {
    const photo = await noise(1200, 900, 'jpeg');
    const boundary = 'streaming-test-boundary';
    const opening = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.jpg"\r\n` +
        'Content-Type: image/jpeg\r\n\r\n',
    );
    const closing = Buffer.from(`\r\n--${boundary}--\r\n`);
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    try {
      socket.write(
        `PUT /api/user/image HTTP/1.1\r\nHost: localhost\r\nAuthorization: Token ${user.token}\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\n` +
          `Content-Length: ${opening.length + photo.length + closing.length}\r\n\r\n`,
      );
      // Half the file, then nothing more: the upload is in storage under a temporary key.
      socket.write(Buffer.concat([opening, photo.subarray(0, photo.length / 2)]));
      const [temporary] = await waitFor(
        async () => {
          const files = await leftovers();
          return files.length > 0 && (await stat(join(storageDir, files[0]))).size > 0 && files;
        },
        { description: 'the upload to be written to storage as it arrives' },
      );
      expect(temporary).toMatch(/^uploads\//);
    } finally {
      socket.destroy();
    }
    await waitFor(async () => (await leftovers()).length === 0, {
      description: 'the interrupted upload to be deleted',
      context: () => `storage dir ${storageDir}`,
    });
  });
});
