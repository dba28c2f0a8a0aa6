import { writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { createObjectStorage } from '../../../infra/storage/create-object-storage.js';
import type { ObjectStorage } from '../../../infra/storage/object-storage.js';
import {
  type RenderReply,
  type RenderRequest,
  UnprocessableImageError,
} from './render-protocol.js';

/*
 * Entry point of a render child process (see render-pool.ts). It reads an original from storage,
 * decodes and encodes it, and writes the variants back: no database, no Redis, no telemetry, and
 * no image bytes over IPC (only keys in, sizes out). It runs at a low scheduling priority, so the
 * CPU goes to the API and the worker's event loop first.
 */

// Started by render-pool.ts as `render-child.js --render-for=<pid> --nice=<n> [--self-nice]`.
const nice = Number(
  /^--nice=(\d+)$/.exec(process.argv.find((arg) => arg.startsWith('--nice=')) ?? '')?.[1] ?? 19,
);

// --self-nice: `nice` was not available to start this process at low priority. Threads created
// from here on (libvips's, libuv's pool) inherit the priority.
if (process.argv.includes('--self-nice')) setPriority(nice);

// Niceness only ranks processes within one scheduling group. With Linux's autogroup, each
// session is a group, so the API (another session) would get no more CPU than this process's
// group: the pool starts each child in a session of its own, and this puts that group's weight
// at the same niceness. (In containers the cgroup decides instead: give the worker a low CPU
// weight, see docs/images.md.) Unavailable (no autogroup, not Linux): nothing to do.
try {
  writeFileSync('/proc/self/autogroup', String(nice));
} catch {
  // not supported here
}
// Loaded after that, so no thread of sharp's starts at normal priority.
const { renderStoredImage } = await import('./render-stored-image.js');

const reply = (message: RenderReply) => process.send?.(message);

// The worker is gone (even SIGKILLed): a render nobody waits for is wasted, and an orphan
// writing to a closed channel would spin on EPIPE.
process.on('disconnect', () => process.exit(0));
process.prependListener('uncaughtException', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' || error.code === 'ERR_IPC_CHANNEL_CLOSED') process.exit(0);
});

let storage: ObjectStorage | undefined;

process.on('message', (request: RenderRequest) => {
  if (request.type === 'configure') {
    storage = createObjectStorage(request.storage);
    return;
  }
  if (request.type !== 'render') return;
  const { id } = request;
  if (!storage) {
    reply({ type: 'failed', id, message: 'no storage configured', unprocessable: false });
    return;
  }
  renderStoredImage(storage, request.job, (percent) =>
    reply({ type: 'progress', id, percent }),
  ).then(
    (image) => reply({ type: 'done', id, image }),
    (error: Error) =>
      reply({
        type: 'failed',
        id,
        message: error.message,
        unprocessable: error instanceof UnprocessableImageError,
      }),
  );
});
