import pino, { type DestinationStream } from 'pino';

/** The longest a line waits in the buffer when traffic is too light to fill it. */
export const LOG_FLUSH_INTERVAL_MS = 100;

/**
 * stdout as pino writes it in production: asynchronously (a slow log reader never blocks the
 * event loop), and in batches of `bufferBytes`: an asynchronous write per line cost a cached
 * `GET /api/tags` about a tenth of its CPU (ADR 0018). What is buffered is flushed every
 * LOG_FLUSH_INTERVAL_MS, and synchronously when the process exits, crashes on an uncaught
 * exception included; a process killed outright (SIGKILL, the kernel's OOM killer) loses at
 * most that interval's lines. 0: a write per line.
 */
export function stdoutDestination(bufferBytes: number): DestinationStream {
  return pino.destination({
    dest: 1,
    sync: false,
    ...(bufferBytes > 0 ? { minLength: bufferBytes, periodicFlush: LOG_FLUSH_INTERVAL_MS } : {}),
  });
}
