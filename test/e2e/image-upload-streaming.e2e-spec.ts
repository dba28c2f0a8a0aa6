import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import sharp from 'sharp';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { HEAD_BYTES } from '../../src/modules/images/upload/staged-upload.js';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { type IsolatedBackends, isolatedBackends } from '../support/isolated-backends.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

const MAX_BYTES = 8 * 1024 * 1024;

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

/**
 * Bytes of ArrayBuffers (Buffers) alive in this process, where the test app runs too: a full
 * garbage collection, repeated until the count stops falling, since V8 frees the memory of dead
 * buffers on a background thread after the collection.
 */
async function liveBufferBytes(): Promise<number> {
  v8.setFlagsFromString('--expose-gc');
  const collect = vm.runInNewContext('gc') as () => void;
  let last = Infinity;
  for (;;) {
    collect();
    await delay(20);
    const now = process.memoryUsage().arrayBuffers;
    if (now > last - 64 * 1024) return Math.min(now, last);
    last = now;
  }
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

  // Every request below has been answered (or its client has gone) by then: whatever it wrote
  // is kept, or deleted at once.
  afterEach(async () => {
    let left: string[] = [];
    await waitFor(async () => (left = await leftovers()).length === 0, {
      description: 'no temporary upload left in storage',
      context: () => left.join('\n'),
    });
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

  /**
   * A multipart upload of `file` on a connection of its own, of which only the first `sent`
   * bytes of the file go out; `finish()` sends the rest and resolves with the answer's status.
   * The file is written in slices of the same buffer: the client copies nothing.
   */
  function startUpload(file: Buffer, sent: number, token = user.token) {
    const boundary = 'streaming-test-boundary';
    const opening = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.jpg"\r\n` +
        'Content-Type: image/jpeg\r\n\r\n',
    );
    const closing = Buffer.from(`\r\n--${boundary}--\r\n`);
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.write(
      `PUT /api/user/image HTTP/1.1\r\nHost: localhost\r\nAuthorization: Token ${token}\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nConnection: close\r\n` +
        `Content-Length: ${opening.length + file.length + closing.length}\r\n\r\n`,
    );
    socket.write(opening);
    socket.write(file.subarray(0, sent));
    return {
      socket,
      finish: async () => {
        socket.write(file.subarray(sent));
        socket.write(closing);
        const status = await waitFor(() => /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1], {
          description: 'the answer to the upload',
          context: () => answer,
        });
        socket.destroy();
        return Number(status);
      },
    };
  }

  /** The sizes of the temporary objects, once there are `count` of them. */
  const temporarySizes = async (count: number) => {
    const files = await leftovers();
    if (files.length !== count) return undefined;
    return Promise.all(files.map(async (path) => (await stat(join(storageDir, path))).size));
  };

  it('deletes what it had written when the client goes away in the middle of an upload', async () => {
    const photo = await noise(1200, 900, 'jpeg');
    // Half the file, then nothing more: the upload is in storage under a temporary key.
    const upload = startUpload(photo, photo.length / 2);
    try {
      await waitFor(async () => (await temporarySizes(1))?.[0], {
        description: 'the upload to be written to storage as it arrives',
      });
      expect(await leftovers()).toEqual([expect.stringMatching(/^uploads\//)]);
    } finally {
      upload.socket.destroy();
    }
    await waitFor(async () => (await leftovers()).length === 0, {
      description: 'the interrupted upload to be deleted',
      context: () => `storage dir ${storageDir}`,
    });
  });

  it('holds only the first bytes of each upload in memory, however large the files', async () => {
    // About 5 MB each: whole, eight of them would be 40 MB.
    const photo = await noise(3000, 2000, 'jpeg');
    expect(photo.length).toBeGreaterThan(16 * HEAD_BYTES);
    const uploaders = await Promise.all(Array.from({ length: 8 }, () => registerUser(api.server)));
    const sent = photo.length - 1024;
    const before = await liveBufferBytes();

    // Every upload but its last kilobyte; each one's temporary object holds nearly all of it.
    const uploads = uploaders.map((uploader) => startUpload(photo, sent, uploader.token));
    try {
      await waitFor(
        async () =>
          (await temporarySizes(uploads.length))?.every((size) => size >= sent - HEAD_BYTES),
        { description: 'the uploads to reach storage as they arrive', timeoutMs: 60_000 },
      );
      // The API's share of the buffers alive now is the first bytes of each upload, and what is
      // in flight: a few MiB. Whole files would be 8 x 5 MB.
      const receivedMiB = (uploads.length * sent) / 2 ** 20;
      let heldMiB = 0;
      await waitFor(
        async () => {
          heldMiB = ((await liveBufferBytes()) - before) / 2 ** 20;
          return heldMiB < receivedMiB / 4;
        },
        {
          description: `the API to hold under a quarter of the ${Math.round(receivedMiB)} MiB received`,
          context: () => `it holds ${heldMiB.toFixed(1)} MiB`,
        },
      );

      expect(await Promise.all(uploads.map((upload) => upload.finish()))).toEqual(
        uploads.map(() => 202),
      );
    } finally {
      for (const upload of uploads) upload.socket.destroy();
    }
  });
});
