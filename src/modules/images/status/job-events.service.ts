import {
  Inject,
  Injectable,
  Logger,
  type MessageEvent,
  type OnModuleDestroy,
} from '@nestjs/common';
import { QueueEvents } from 'bullmq';
import {
  concat,
  defer,
  distinctUntilChanged,
  exhaustMap,
  filter,
  finalize,
  from,
  interval,
  map,
  merge,
  type Observable,
  of,
  Subject,
  takeUntil,
  takeWhile,
  timer,
} from 'rxjs';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { REDIS } from '../../../infra/redis/redis.module.js';
import { bullOptions } from '../../../infra/queue/queue-connection.js';
import { ShutdownState } from '../../../platform/lifecycle/shutdown-state.js';
import { IMAGES_QUEUE, imageJobIdOf } from '../image-jobs.js';
import { isFinished, type JobView } from './job-view.js';
import { JobStatusService } from './job-status.service.js';
import type { StreamHandle } from './stream-sessions.js';

// BullMQ's events make updates immediate. While Redis is down there are none, so each stream
// re-reads its job this often instead; never while Redis is up (100 streams cost Postgres about
// 50 reads a second when they all polled).
const POLL_MS = 2_000;
// Streams end after this long; clients reconnect (EventSource does by itself).
const MAX_STREAM_MS = 10 * 60_000;

/**
 * Live job updates for Server-Sent Events. One QueueEvents connection per API instance feeds
 * every open stream; an event only says "this job changed", and the job is then re-read from
 * Postgres, so a stream never shows a state the status endpoint would not.
 */
@Injectable()
export class JobEventsService implements OnModuleDestroy {
  private readonly logger = new Logger(JobEventsService.name);
  private readonly changed = new Subject<string>();
  private readonly closing = new Subject<void>();
  private queueEvents?: QueueEvents;

  constructor(
    private readonly status: JobStatusService,
    private readonly shutdown: ShutdownState,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /**
   * The job's current state, then every change, ending with `completed` or `failed`, or when
   * `handle` says the session or token ended. Releases the handle however it ends.
   */
  stream(id: string, viewerId: string, handle: StreamHandle): Observable<MessageEvent> {
    return defer(() => {
      this.listen();
      // Subscribed to changes before the first read, so a change in between is not missed.
      const changes = merge(
        this.changed.pipe(filter((changedId) => changedId === id)),
        interval(POLL_MS).pipe(filter(this.whileRedisDown())),
      );
      return concat(of(undefined), changes).pipe(
        exhaustMap(() => from(this.status.get(id, viewerId))),
        distinctUntilChanged((a, b) => a.state === b.state && a.progress === b.progress),
        takeWhile((view) => !isFinished(view), true),
        takeUntil(merge(this.closing, this.shutdown.onDrain, handle.ended, timer(MAX_STREAM_MS))),
        map((view: JobView): MessageEvent => ({ type: view.state, data: { job: view } })),
      );
    }).pipe(finalize(() => handle.release()));
  }

  /**
   * A poll filter for one stream: true while Redis is down, and once more on the first tick
   * after it is back, to catch a change whose event was lost in the outage.
   */
  private whileRedisDown(): () => boolean {
    let wasDown = false;
    return () => {
      const down = this.redis.status !== 'ready';
      const poll = down || wasDown;
      wasDown = down;
      return poll;
    };
  }

  async onModuleDestroy(): Promise<void> {
    this.closing.next();
    await this.queueEvents?.close();
  }

  private listen(): void {
    if (this.queueEvents) return;
    const events = new QueueEvents(IMAGES_QUEUE, bullOptions(this.config, 'consumer'));
    events.on('error', (error) => this.logger.debug(`job events: ${error.message}`));
    for (const name of [
      'active',
      'progress',
      'completed',
      'failed',
      'delayed',
      'waiting',
    ] as const) {
      events.on(name, ({ jobId }: { jobId: string }) => this.changed.next(imageJobIdOf(jobId)));
    }
    this.queueEvents = events;
  }
}
