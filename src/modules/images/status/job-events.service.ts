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
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { bullOptions } from '../../../infra/queue/queue-connection.js';
import { ShutdownState } from '../../../platform/lifecycle/shutdown-state.js';
import { IMAGES_QUEUE, imageJobIdOf } from '../image-jobs.js';
import { isFinished, type JobView } from './job-view.js';
import { JobStatusService } from './job-status.service.js';

// BullMQ's events make updates immediate; this re-read is the fallback when Redis is down.
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
  ) {}

  /** The job's current state, then every change, ending with `completed` or `failed`. */
  stream(id: string, viewerId: string): Observable<MessageEvent> {
    return defer(() => {
      this.listen();
      // Subscribed to changes before the first read, so a change in between is not missed.
      const changes = merge(
        this.changed.pipe(filter((changedId) => changedId === id)),
        interval(POLL_MS),
      );
      return concat(of(undefined), changes).pipe(
        exhaustMap(() => from(this.status.get(id, viewerId))),
        distinctUntilChanged((a, b) => a.state === b.state && a.progress === b.progress),
        takeWhile((view) => !isFinished(view), true),
        takeUntil(merge(this.closing, this.shutdown.onDrain, timer(MAX_STREAM_MS))),
        map((view: JobView): MessageEvent => ({ type: view.state, data: { job: view } })),
      );
    });
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
