import { UnrecoverableError } from 'bullmq';
import { UnprocessableImageError } from './render-protocol.js';

/**
 * What the owner of a failed job reads in its `error`: one of these fixed sentences, each ending
 * with its code, listed in docs/images.md. The cause in the decoder's own words (libvips error
 * text, which can quote file contents, internal paths and library versions) goes to the worker's
 * log only.
 */
export const JOB_FAILURES = {
  /** The image itself cannot be decoded or is not what it claimed: retrying cannot help. */
  unprocessable:
    'the image could not be processed: it is damaged or not the format it claims (IMAGE_UNPROCESSABLE)',
  /** Every attempt failed on something else (storage, a crashed or overrunning render). */
  gaveUp:
    'processing failed after every attempt; the previous image was kept (IMAGE_PROCESSING_FAILED)',
} as const;

export function publicFailure(error: unknown): string {
  return error instanceof UnprocessableImageError || error instanceof UnrecoverableError
    ? JOB_FAILURES.unprocessable
    : JOB_FAILURES.gaveUp;
}
