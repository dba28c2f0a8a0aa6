import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { registerUser } from '../factories/user.factory.js';
import { behindAvifFtyp, SVG_AS_AVIF } from '../support/images.js';
import type { TestApp } from '../support/test-app.js';
import { startIsolatedApp } from './isolated-app.js';

/*
 * Issue 12, finding 3: an upload is rendered only as what it claims to be. The attack: a file
 * whose first bytes pass the AVIF sniffing but which libvips recognises as something else (an
 * SVG, rendered by librsvg with filters that take seconds), accepted with 202 and rendered.
 */
describe('API4 Unrestricted Resource Consumption: uploads decode only as JPEG, PNG, WebP or AVIF', () => {
  let api: TestApp;
  let db: DataSource;
  let token: string;
  let username: string;

  beforeAll(async () => {
    api = await startIsolatedApp();
    db = new DataSource({ type: 'postgres', url: api.config.database.url });
    await db.initialize();
    ({ token, username } = await registerUser(api.server));
  });
  afterAll(async () => {
    await db?.destroy();
    await api?.close();
  });

  const upload = (bytes: Buffer, filename: string, contentType: string) =>
    request(api.server)
      .put('/api/user/image')
      .set('Authorization', `Token ${token}`)
      .attach('image', bytes, { filename, contentType });
  const jobsOfMine = async () =>
    (
      await db.query(
        `SELECT count(*)::int AS n FROM image_jobs j JOIN users u ON u.id = j.owner_id
         WHERE u.username = $1`,
        [username],
      )
    )[0].n as number;
  const storedOriginals = () => {
    const dir = join(api.config.storage.dir, 'originals');
    return existsSync(dir) ? readdirSync(dir).length : 0;
  };

  it('refuses an SVG disguised as AVIF ("<!--ftypavif-->") with 415 before decoding anything, whatever name and type the client claims', async () => {
    expect(SVG_AS_AVIF.length).toBeLessThan(300);
    const originals = storedOriginals();
    const response = await upload(SVG_AS_AVIF, 'photo.avif', 'image/avif').expect(415);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 415, code: 'IMAGE_UNSUPPORTED_TYPE' });
    expect(storedOriginals()).toBe(originals);
    expect(await jobsOfMine()).toBe(0);
  });

  it('refuses a file behind a well-formed AVIF ftyp box that libvips cannot decode as AVIF (an SVG inside), with no job', async () => {
    const svg = SVG_AS_AVIF.subarray(SVG_AS_AVIF.indexOf('<svg'));
    const response = await upload(behindAvifFtyp(svg), 'photo.avif', 'image/avif');
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'IMAGE_UNREADABLE' });
    expect(await jobsOfMine()).toBe(0);
  });

  it.each([
    ['an SVG', () => Promise.resolve(SVG_AS_AVIF.subarray(SVG_AS_AVIF.indexOf('<svg')))],
    ['a GIF', () => sharp({ create: gray }).gif().toBuffer()],
    ['a TIFF', () => sharp({ create: gray }).tiff().toBuffer()],
  ])('refuses %s sent as a JPEG with 415', async (_name, bytes) => {
    const response = await upload(await bytes(), 'photo.jpg', 'image/jpeg').expect(415);
    expect(response.body).toMatchObject({ code: 'IMAGE_UNSUPPORTED_TYPE' });
  });

  it('cannot load SVG, GIF or TIFF anywhere in the API process: every libvips loader but four is blocked', async () => {
    // The blocked list lives in libvips, one per process: this test shares the API's process.
    const svg = SVG_AS_AVIF.subarray(SVG_AS_AVIF.indexOf('<svg'));
    for (const bytes of [
      svg,
      await sharp({ create: gray }).gif().toBuffer(),
      await sharp({ create: gray }).tiff().toBuffer(),
    ]) {
      await expect(sharp(bytes).metadata()).rejects.toThrow(/unsupported image format/);
    }
  });
});

const gray = { width: 16, height: 16, channels: 3, background: '#888' } as const;
