import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@nestjs/common';
import {
  context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { StorageSettings } from '../../../infra/storage/create-object-storage.js';
import {
  type RenderJob,
  type RenderReply,
  type RenderRequest,
  type RenderSummary,
  UnprocessableImageError,
} from './render-protocol.js';

export interface RenderPoolOptions {
  size: number;
  /** Niceness of the children, 0 (normal) to 19 (only idle CPU). */
  nice: number;
  timeoutMs: number;
  /**
   * The children's whole environment. They parse untrusted bytes with native code, so they get
   * an allow-list without secrets (src/config/render-child-env.ts), not the worker's.
   */
  env: Record<string, string>;
  /** Sent to each child on start: it reads originals and writes variants itself. */
  storage: StorageSettings;
  logger: Logger;
}

interface Slot {
  child: ChildProcess;
  busy: boolean;
}

const tracer = trace.getTracer('conduit-worker');

const CHILD_ENTRY = fileURLToPath(new URL('./render-child.js', import.meta.url));
const NICE = ['/usr/bin/nice', '/bin/nice'].find((path) => existsSync(path));

/**
 * A few long-lived child processes that do the decoding and encoding. Processes rather than
 * worker threads because the priority must cover every thread that does the work (libvips and
 * libuv spawn their own), and a process can be started niced as a whole. A child that crashes
 * or overruns its time is replaced; the job that was on it fails with a retryable error.
 */
export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: (() => void)[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: RenderPoolOptions) {}

  /** Renders from storage to storage in a child; answers the variants' sizes once they are stored. */
  render(job: RenderJob, onProgress: (percent: number) => void): Promise<RenderSummary> {
    // The child loads no telemetry (it parses untrusted bytes with as little as possible
    // loaded), so its work is timed here: the wait for a free child, then the render in it.
    return tracer.startActiveSpan(
      'images render',
      { kind: SpanKind.INTERNAL, attributes: { 'image.job.id': job.imageJobId } },
      (span) => this.renderIn(span, job, onProgress),
    );
  }

  private async renderIn(
    span: Span,
    job: RenderJob,
    onProgress: (percent: number) => void,
  ): Promise<RenderSummary> {
    try {
      const slot = await this.acquire();
      span.addEvent('render process acquired', { 'process.pid': slot.child.pid ?? 0 });
      try {
        // Progress arrives as IPC events, which run in the context the child was started in;
        // bound here, its database updates join this job's trace.
        const progress = context.bind(context.active(), onProgress);
        return await this.run(slot, { type: 'render', id: this.nextId++, job }, progress);
      } finally {
        slot.busy = false;
        this.waiting.shift()?.();
      }
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  }

  /** Stops the children; a render in progress fails (its job is retried elsewhere). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.slots.splice(0).map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }),
    );
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new Error('render pool is closed');
      const idle = this.slots.find((slot) => !slot.busy);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (this.slots.length < this.options.size) {
        // A child outlives the job that started it: its events belong to no job's trace.
        const slot = { child: context.with(ROOT_CONTEXT, () => this.spawn()), busy: true };
        this.slots.push(slot);
        return slot;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private spawn(): ChildProcess {
    const nice = String(this.options.nice);
    // The niceness goes on the command line: only src/config/ reads the environment.
    const args = [
      `--render-for=${process.pid}`,
      `--nice=${nice}`,
      ...(NICE ? [] : ['--self-nice']),
    ];
    const child = fork(CHILD_ENTRY, args, {
      // `nice -n 19 node render-child.js`: the whole process, every thread, at low priority.
      execPath: NICE ?? process.execPath,
      // No --import of the telemetry preload: the child has nothing to trace.
      execArgv: NICE ? ['-n', nice, process.execPath] : [],
      // A session of its own, hence a scheduling autogroup of its own (see render-child.ts).
      // It still ends with the worker: its IPC channel closes when the worker goes.
      detached: true,
      env: this.options.env,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('exit', (code, signal) => {
      const index = this.slots.findIndex((slot) => slot.child === child);
      if (index >= 0) this.slots.splice(index, 1);
      if (!this.closed) this.options.logger.warn(`render process exited (${code ?? signal})`);
      this.waiting.shift()?.();
    });
    // IPC keeps the order: this arrives before the first render.
    child.send({ type: 'configure', storage: this.options.storage } satisfies RenderRequest);
    return child;
  }

  private run(
    slot: Slot,
    request: Extract<RenderRequest, { type: 'render' }>,
    onProgress: (percent: number) => void,
  ): Promise<RenderSummary> {
    const { child } = slot;
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      const onMessage = (message: RenderReply) => {
        if (message.id !== request.id) return;
        if (message.type === 'progress') return onProgress(message.percent);
        cleanup();
        if (message.type === 'done') resolve(message.image);
        else if (message.unprocessable) reject(new UnprocessableImageError(message.message));
        else reject(new Error(message.message));
      };
      const onExit = (code: number | null, signal: string | null) => {
        cleanup();
        reject(new Error(`render process exited (${code ?? signal}) during the job`));
      };
      const timer = setTimeout(() => {
        cleanup();
        child.kill('SIGKILL');
        reject(new Error(`render took longer than ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send(request);
    });
  }
}
