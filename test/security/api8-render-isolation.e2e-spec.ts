import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConduitUser, randomJpeg, renderChildrenOf, finished } from '../support/image-jobs.js';
import { SVG_AS_AVIF } from '../support/images.js';
import { type IsolatedBackends, isolatedBackends } from '../support/isolated-backends.js';
import {
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

/*
 * Issue 12, finding 4 (and the render side of finding 3): the render child process parses
 * attacker-supplied bytes with native code. It must hold no credential, and it must refuse every
 * format but the four accepted even when a file reaches it without the API's checks.
 */

const RENDER_CHILD = resolve('dist/src/modules/images/processing/render-child.js');

// What a render child may inherit (src/config/render-child-env.ts), plus what Node's fork()
// itself adds for the IPC channel.
const ALLOWED = new Set([
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'LC_MESSAGES',
  'TMPDIR',
  'PATH',
  'UV_THREADPOOL_SIZE',
  'LD_LIBRARY_PATH',
  'LD_PRELOAD',
  'MALLOC_ARENA_MAX',
  'GLIBC_TUNABLES',
  'NODE_CHANNEL_FD',
  'NODE_CHANNEL_SERIALIZATION_MODE',
]);
const allowed = (name: string) =>
  ALLOWED.has(name) || name.startsWith('VIPS_') || name.startsWith('SHARP_');

/** A process's environment as the kernel holds it. */
async function environmentOf(pid: number): Promise<Map<string, string>> {
  const raw = await readFile(`/proc/${pid}/environ`, 'utf8');
  return new Map(
    raw
      .split('\0')
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
}

describe('API8 Security Misconfiguration: the render child process', () => {
  let backends: IsolatedBackends;
  let api: TestApp;
  let base: string;
  let worker: RunningProcess | undefined;
  // Secrets the worker holds; none may reach its render children.
  const secrets = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    CANARY_API_TOKEN: `canary-${randomBytes(16).toString('hex')}`,
  };
  const workerOutput = () => `worker output:\n${worker?.output() ?? '(no worker)'}`;
  const startWorker = async () => {
    worker = startProcess('worker', {
      ...backends.env,
      ...secrets,
      MEDIA_BASE_URL: `${base}/media`,
      VIPS_CONCURRENCY: '1',
    });
    await waitForOutput(worker, 'worker started');
    return worker;
  };

  beforeAll(async () => {
    backends = await isolatedBackends('render-isolation');
    api = await startTestApp(backends.env);
    await api.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(api.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await stopProcess(worker);
    await api?.close();
    await backends?.drop();
  });

  it('starts render children with an allow-listed environment: no JWT_SECRET, DATABASE_URL, REDIS_URL or any other secret of the worker', async () => {
    const running = await startWorker();
    const user = await ConduitUser.signUp(base);
    const upload = await user.uploadAvatar(await randomJpeg(640, 480));
    expect(upload.status).toBe(202);
    const job = await user.waitForJob(upload.job.id, finished, undefined, workerOutput);
    expect(job.state).toBe('completed');

    // The pool keeps its children between jobs: the one that rendered is still there.
    const [child] = await renderChildrenOf(running.child.pid!);
    expect(child).toBeDefined();
    const parentEnv = await environmentOf(running.child.pid!);
    const childEnv = await environmentOf(child);

    // The worker does hold the secrets, so their absence below means something.
    for (const name of ['JWT_SECRET', 'DATABASE_URL', 'REDIS_URL', 'CANARY_API_TOKEN']) {
      expect(parentEnv.get(name)).toBeTruthy();
    }
    expect([...childEnv.keys()].filter((name) => !allowed(name))).toEqual([]);
    const secretValues = ['JWT_SECRET', 'DATABASE_URL', 'REDIS_URL', 'CANARY_API_TOKEN'].map(
      (name) => parentEnv.get(name)!,
    );
    for (const value of childEnv.values()) {
      for (const secret of secretValues) expect(value).not.toContain(secret);
    }
    // What libvips reads for itself is passed on.
    expect(childEnv.get('VIPS_CONCURRENCY')).toBe('1');
  });

  it('fails a job whose original turns out to be an SVG (the API bypassed) with the fixed IMAGE_UNPROCESSABLE, and keeps the libvips detail in the log', async () => {
    await stopProcess(worker);
    // No worker while the upload is accepted, so its original can be swapped first: as if the
    // API's checks had been bypassed, or the stored file replaced.
    const user = await ConduitUser.signUp(base);
    const upload = await user.uploadAvatar(await randomJpeg(320, 240));
    expect(upload.status).toBe(202);
    await writeFile(
      join(backends.env.STORAGE_DIR, 'originals', `${upload.job.id}.jpg`),
      SVG_AS_AVIF,
    );

    await startWorker();
    const job = await user.waitForJob(upload.job.id, finished, undefined, workerOutput);
    expect(job).toMatchObject({
      state: 'failed',
      attempts: 1,
      error:
        'the image could not be processed: it is damaged or not the format it claims (IMAGE_UNPROCESSABLE)',
    });
    expect(JSON.stringify(job)).not.toMatch(/vips|unsupported image format/i);
    await waitFor(() => worker!.output().includes('unsupported image format'), {
      description: 'the libvips error in the worker log',
      context: workerOutput,
    });
  });

  describe('a render child on its own, handed a file directly', () => {
    let child: ChildProcess;
    let storageDir: string;
    let nextId = 1;
    beforeAll(async () => {
      storageDir = await mkdtemp(join(tmpdir(), 'render-child-'));
      child = fork(RENDER_CHILD, [`--render-for=${process.pid}`, '--nice=0'], {
        serialization: 'advanced',
        env: {},
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      child.send({ type: 'configure', storage: { dir: storageDir } });
    });
    afterAll(async () => {
      await rm(storageDir, { recursive: true, force: true });
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    });

    type Reply = {
      type: string;
      message?: string;
      unprocessable?: boolean;
      image?: { variants: { size: number; format: string; bytes: number }[] };
    };
    const jobIdOf = (id: number) => `img_${String(id).padStart(32, '0')}`;

    /**
     * Stores `input` as an original, as the API would have (unless undefined), and asks the
     * child to render it.
     */
    const render = async (input: Buffer | undefined, format: string, id = nextId++) => {
      if (input) {
        await mkdir(join(storageDir, 'originals'), { recursive: true });
        await writeFile(join(storageDir, 'originals', `${id}.bin`), input);
      }
      return new Promise<Reply>((done) => {
        const onMessage = (reply: Reply & { id: number }) => {
          if (reply.id !== id || reply.type === 'progress') return;
          child.off('message', onMessage);
          done(reply);
        };
        child.on('message', onMessage);
        child.send({
          type: 'render',
          id,
          job: {
            imageJobId: jobIdOf(id),
            originalKey: `originals/${id}.bin`,
            spec: { format, sizes: [64], fit: 'cover', avifFromSize: 256, maxPixels: 50_000_000 },
          },
        });
      });
    };

    it('refuses the disguised SVG: librsvg is never reached, the SVG loader is blocked', async () => {
      const reply = await render(SVG_AS_AVIF, 'avif');
      expect(reply).toMatchObject({ type: 'failed', unprocessable: true });
      expect(reply.message).toMatch(/unsupported image format/);
    });

    it('still renders what it accepts (the refusal above is the policy, not a broken child), reading and writing the storage itself', async () => {
      const id = nextId++;
      const reply = await render(await randomJpeg(200, 100), 'jpeg', id);
      expect(reply).toMatchObject({
        type: 'done',
        image: { variants: [{ size: 64, format: 'webp', bytes: expect.any(Number) }] },
      });
      // The variant is in storage, under the job's key; only its size came back over IPC.
      const stored = await readFile(join(storageDir, 'images', jobIdOf(id), '64.webp'));
      expect(stored.subarray(8, 12).toString('latin1')).toBe('WEBP');
      expect(stored.length).toBe(reply.image!.variants[0].bytes);
      expect(JSON.stringify(reply).length).toBeLessThan(1_000);
    });

    it('reports a missing original as a storage failure, which another attempt may get past', async () => {
      const reply = await render(undefined, 'jpeg');
      expect(reply).toMatchObject({ type: 'failed', unprocessable: false });
      expect(reply.message).toMatch(/ENOENT/);
    });

    it('refuses a JPEG the job says is an AVIF: the decoded format must be the one accepted', async () => {
      const reply = await render(await randomJpeg(200, 100), 'avif');
      expect(reply).toMatchObject({
        type: 'failed',
        message: 'decoded as jpeg, accepted as avif',
        unprocessable: true,
      });
    });
  });
});
