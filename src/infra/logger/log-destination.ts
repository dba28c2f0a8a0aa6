import { constants, fstatSync, openSync, writeSync, writev, writevSync } from 'node:fs';
import type { DestinationStream } from 'pino';

/** The longest a line waits in the buffer when traffic is too light to fill it. */
export const LOG_FLUSH_INTERVAL_MS = 100;
/** How soon a write that found the pipe full (EAGAIN) is tried again. */
const RETRY_MS = 10;
/** How long the last, synchronous flush at exit keeps trying a pipe that stays full. */
const EXIT_DEADLINE_MS = 5_000;
/** A cell nobody writes: waiting on it is a sleep of the main thread. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));
/** Chunks handed to one system call (Linux takes up to 1,024). */
const MAX_CHUNKS = 256;

/**
 * How to write to `fd` without ever blocking the event loop on a slow reader. A pipe (how
 * containers hand stdout to their runtime) is opened a second time, non-blocking, so a write to
 * it either takes what fits or fails with EAGAIN at once: written synchronously, with no trip
 * through the thread pool and nothing in flight when the process exits. A file or a terminal
 * does not stall: written synchronously too. Anything else (a socket, as journald gives) is
 * written through the thread pool.
 */
function openForLogging(fd: number): { fd: number; sync: boolean } {
  try {
    const stat = fstatSync(fd);
    if (stat.isFIFO()) {
      return {
        fd: openSync(`/proc/self/fd/${fd}`, constants.O_WRONLY | constants.O_NONBLOCK),
        sync: true,
      };
    }
    if (stat.isFile() || stat.isCharacterDevice()) return { fd, sync: true };
  } catch {
    // No /proc (not Linux): the thread pool's way below.
  }
  return { fd, sync: false };
}

/**
 * Log lines written to a file descriptor in batches, in order, never blocking on a slow reader.
 * Lines wait in an array and are joined once per batch: sonic-boom (pino's destination, used
 * before) appends each line to a growing string and measures that string's UTF-8 length on
 * every write, which copied the whole batch once per line, about 20 ns per byte logged
 * (ADR 0020). What a write did not take (a partial write, a full pipe) is written next. When
 * the process exits, crashes included, what is left is written synchronously; sonic-boom
 * skipped a batch that was waiting to retry a full pipe then, so lines came out of order, cut,
 * or not at all.
 */
export class BatchedWriter implements DestinationStream {
  private lines: string[] = [];
  private length = 0;
  /** Bytes not yet written, in order; the first is in the thread pool while 'writing'. */
  private queue: Buffer[] = [];
  private state: 'idle' | 'writing' | 'waiting' | 'closed' = 'idle';
  private retry: NodeJS.Timeout | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly fd: number;
  private readonly sync: boolean;

  constructor(
    fd: number,
    /** Lines are written once this many characters wait; 0 writes each line at once. */
    private readonly batchLength: number,
  ) {
    ({ fd: this.fd, sync: this.sync } = openForLogging(fd));
    if (batchLength > 0) {
      this.timer = setInterval(() => this.handOver(true), LOG_FLUSH_INTERVAL_MS).unref();
    }
    process.once('exit', () => this.flushSync());
  }

  write(line: string): void {
    if (this.state === 'closed') return;
    this.lines.push(line);
    // UTF-16 units, not bytes: a batch's size only has to be about right.
    this.length += line.length;
    if (this.length >= this.batchLength) this.handOver(true);
  }

  /** Everything not yet written, written before this returns: for the process's last moment. */
  flushSync(): void {
    clearInterval(this.timer);
    clearTimeout(this.retry);
    this.handOver(false);
    // A write the thread pool is running may be landing now; what follows it is written after.
    const pending = this.state === 'writing' ? this.queue.slice(1) : this.queue;
    this.close();
    const deadline = Date.now() + EXIT_DEADLINE_MS;
    for (let chunk of pending) {
      while (chunk.length > 0) {
        try {
          chunk = chunk.subarray(writeSync(this.fd, chunk));
        } catch (error) {
          if (!isFull(error) || Date.now() > deadline) return;
          // The reader is behind: give it a moment (there is no event loop to wait on).
          Atomics.wait(PAUSE, 0, 0, 1);
        }
      }
    }
  }

  /** Moves the waiting lines to the write queue, and starts writing unless `start` is false. */
  private handOver(start: boolean): void {
    if (this.lines.length > 0 && this.state !== 'closed') {
      const text = this.lines.length === 1 ? this.lines[0] : this.lines.join('');
      this.lines = [];
      this.length = 0;
      this.queue.push(Buffer.from(text));
    }
    if (start && this.state === 'idle' && this.queue.length > 0) this.writeQueue();
  }

  private writeQueue(): void {
    // Batches that piled up behind a full pipe go out together, in one system call.
    const chunks = this.queue.length > MAX_CHUNKS ? this.queue.slice(0, MAX_CHUNKS) : this.queue;
    if (!this.sync) {
      this.state = 'writing';
      writev(this.fd, chunks, (error, written) => {
        if (this.state === 'writing') this.settle(error, written);
      });
      return;
    }
    try {
      this.settle(null, writevSync(this.fd, chunks));
    } catch (error) {
      this.settle(error as NodeJS.ErrnoException, 0);
    }
  }

  private settle(error: NodeJS.ErrnoException | null, written: number): void {
    if (isFull(error)) {
      this.state = 'waiting';
      this.retry = setTimeout(() => {
        this.state = 'idle';
        this.handOver(true);
      }, RETRY_MS).unref();
      return;
    }
    // A closed stdout (EPIPE) or a broken one: nowhere to log to, and nobody to tell.
    if (error) return this.close();
    // Drop what was written: whole chunks, then the start of a chunk a partial write cut.
    let left = written;
    while (left > 0 && left >= this.queue[0].length) left -= this.queue.shift()!.length;
    if (left > 0) this.queue[0] = this.queue[0].subarray(left);
    this.state = 'idle';
    if (this.queue.length > 0) this.writeQueue();
  }

  private close(): void {
    this.state = 'closed';
    this.queue = [];
    this.lines = [];
  }
}

function isFull(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EAGAIN';
}

/**
 * One writer per process and batch size, however many loggers are made (each test app makes
 * one): a writer holds an exit hook, a timer and, on a pipe, a second descriptor, and two
 * writers on one stdout would each keep their own order only.
 */
const stdoutWriters = new Map<number, BatchedWriter>();

/**
 * stdout as pino writes it in production: never blocking the event loop on a slow log reader
 * (see {@link BatchedWriter}), and in batches of about `bufferBytes`: a write per line cost a
 * cached `GET /api/tags` about a tenth of its CPU (ADR 0018). What is buffered is written every
 * LOG_FLUSH_INTERVAL_MS, and synchronously when the process exits, crashes on an uncaught
 * exception included; a process killed outright (SIGKILL, the kernel's OOM killer) loses at
 * most that interval's lines. 0: each line handed to the kernel at once.
 */
export function stdoutDestination(bufferBytes: number): DestinationStream {
  let writer = stdoutWriters.get(bufferBytes);
  if (!writer) stdoutWriters.set(bufferBytes, (writer = new BatchedWriter(1, bufferBytes)));
  return writer;
}
