import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { type Job, Queue } from 'bullmq';
import sharp from 'sharp';
import type { AppConfig } from '../../src/config/app-config.js';
import { newUser } from '../factories/user.factory.js';
import { waitFor } from './wait-for.js';

/** Failure bound for an image job to finish: renders are slow on a busy machine. */
export const JOB_MS = 120_000;

/** A job as `GET /api/jobs/:id` shows it to its owner. */
export interface JobView {
  id: string;
  type: string;
  state: 'queued' | 'active' | 'completed' | 'failed';
  progress: number;
  attempts: number;
  statusUrl: string;
  eventsUrl: string;
  result?: {
    image: string;
    placeholder: string;
    width: number;
    height: number;
    variants: { size: number; format: string; width: number; height: number; url: string }[];
    applied: boolean;
  };
  error?: string;
}

/**
 * A JPEG of random content (so every call is a new upload, not a duplicate of an earlier one)
 * that carries EXIF data. Noise drawn at 1/8 of the size and scaled up keeps the file small
 * while the decoder still has every pixel to work through.
 */
export function randomJpeg(width: number, height: number): Promise<Buffer> {
  const [w, h] = [Math.max(1, Math.round(width / 8)), Math.max(1, Math.round(height / 8))];
  return sharp(randomBytes(w * h * 3), { raw: { width: w, height: h, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'cubic' })
    .jpeg({ quality: 85 })
    .withExif({ IFD0: { Copyright: 'x', Artist: 'the camera owner' } })
    .toBuffer();
}

/** The Conduit HTTP API at `base`, as a signed-in user sees it (plain fetch, as a browser). */
/** A job that will not change any more. */
export const finished = (job: JobView) => job.state === 'completed' || job.state === 'failed';

export class ConduitUser {
  private constructor(
    readonly base: string,
    readonly token: string,
    readonly username: string,
  ) {}

  static async signUp(base: string): Promise<ConduitUser> {
    const user = newUser();
    const response = await fetch(`${base}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user }),
    });
    if (response.status !== 201) throw new Error(`sign-up: ${response.status}`);
    const { user: created } = (await response.json()) as { user: { token: string } };
    return new ConduitUser(base, created.token, user.username);
  }

  get authorization(): Record<string, string> {
    return { authorization: `Token ${this.token}` };
  }

  /** `PUT /api/user/image` with the bytes as the multipart file field `image`. */
  async uploadAvatar(
    bytes: Uint8Array,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; location: string | null; job: JobView }> {
    const form = new FormData();
    form.append('image', new Blob([bytes], { type: 'image/jpeg' }), 'photo.jpg');
    const response = await fetch(`${this.base}/api/user/image`, {
      method: 'PUT',
      headers: { ...this.authorization, ...headers },
      body: form,
    });
    const body = (await response.json()) as { job: JobView };
    return { status: response.status, location: response.headers.get('location'), job: body.job };
  }

  async job(id: string): Promise<JobView> {
    const response = await fetch(`${this.base}/api/jobs/${id}`, { headers: this.authorization });
    if (response.status !== 200) throw new Error(`GET /api/jobs/${id}: ${response.status}`);
    return ((await response.json()) as { job: JobView }).job;
  }

  /** Polls the job's status until `done` holds; on timeout, says where the job was. */
  async waitForJob(
    id: string,
    done: (job: JobView) => boolean,
    timeoutMs = JOB_MS,
    context: () => string = () => '',
  ): Promise<JobView> {
    let last: JobView | undefined;
    return waitFor(
      async () => {
        last = await this.job(id);
        return done(last) && last;
      },
      {
        description: `job ${id}`,
        timeoutMs,
        intervalMs: 100,
        context: () => `last seen ${JSON.stringify(last)}\n${context()}`,
      },
    );
  }

  /** What `GET /api/user` says the avatar is. */
  async image(): Promise<string | null> {
    const response = await fetch(`${this.base}/api/user`, { headers: this.authorization });
    return ((await response.json()) as { user: { image: string | null } }).user.image;
  }
}

/** Pids of the render processes a worker process started (`--render-for=<pid>`). */
export async function renderChildrenOf(workerPid: number): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid,args']);
  return stdout
    .split('\n')
    .filter((line) => line.includes(`--render-for=${workerPid}`) && line.includes('render-child'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

/**
 * The BullMQ job the outbox relay made for an image job's first run, once it exists: read from
 * the API's queue with a connection of the test's own.
 */
export async function relayedImageJob(config: AppConfig, imageJobId: string): Promise<Job> {
  const queue = new Queue('images', {
    connection: { url: config.redis.url },
    prefix: `${config.redis.keyPrefix}bull`,
  });
  try {
    return await waitFor(() => queue.getJob(`${imageJobId}-1`), {
      description: 'the BullMQ job',
    });
  } finally {
    await queue.close();
  }
}
