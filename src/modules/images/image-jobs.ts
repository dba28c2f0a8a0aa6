import { createHash } from 'node:crypto';

/** Queue of image-processing jobs; the worker process consumes it. */
export const IMAGES_QUEUE = 'images';
export const PROCESS_IMAGE = 'process-image';

export type ImageTarget = 'avatar' | 'article';
export type ImageJobState = 'queued' | 'active' | 'completed' | 'failed';
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif';

/** What the BullMQ job carries: just enough to find the row, which holds everything else. */
export interface ProcessImageJob {
  imageJobId: string;
  run: number;
  /**
   * W3C trace headers of the upload request, from releases before the relay's publish span put
   * them in the job's `opts.telemetry` (infra/queue/job-trace-context.ts). Read, never written.
   */
  trace?: Record<string, string>;
}

export interface ImageVariant {
  size: number;
  format: 'webp' | 'avif';
  width: number;
  height: number;
  bytes: number;
  url: string;
}

export interface ImageJobResult {
  /** The URL now in `user.image` or the article's `image`. */
  image: string;
  /** A blurhash of the image, to paint while the real one loads. */
  placeholder: string;
  width: number;
  height: number;
  variants: ImageVariant[];
  /** False when a newer upload for the same avatar or article had already been applied. */
  applied: boolean;
}

/** Where an uploaded image goes: a user's avatar, or an article's cover image. */
export type ImageDestination =
  { target: 'avatar'; ownerId: string } | { target: 'article'; ownerId: string; articleId: string };

/**
 * The job id is a hash of who uploaded what for which destination: the same upload retried
 * (a flaky connection, a double click) lands on the same job instead of processing twice.
 */
export function imageJobId(destination: ImageDestination, contentHash: string): string {
  const targetId = destination.target === 'article' ? destination.articleId : '';
  const digest = createHash('sha256')
    .update(`${destination.ownerId}\n${destination.target}\n${targetId}\n${contentHash}`)
    .digest('hex');
  return `img_${digest.slice(0, 32)}`;
}

/** Shape of an image job id; anything else is refused before a lookup. */
export const IMAGE_JOB_ID = /^img_[0-9a-f]{32}$/;

/** One BullMQ job per run, so a failed upload submitted again is not deduplicated away. */
export const bullJobId = (imageJobId: string, run: number) => `${imageJobId}-${run}`;
export const imageJobIdOf = (bullId: string) => bullId.split('-')[0];
