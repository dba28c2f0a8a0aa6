import { Injectable, Logger } from '@nestjs/common';
import type { CommentView } from './dto/comment.response.js';

export interface CommentAdded {
  /** The article's slug. */
  slug: string;
  comment: CommentView;
}

type Listener<Event> = (event: Event) => void | Promise<void>;

/**
 * What happened to comments, told in-process to whoever listens (today: GraphQL subscriptions),
 * so the service stays free of transports. Listeners run in the background: a failing or slow
 * listener never fails or delays the request that caused the event.
 */
@Injectable()
export class CommentEvents {
  private readonly logger = new Logger(CommentEvents.name);
  private readonly addedListeners: Listener<CommentAdded>[] = [];

  onAdded(listener: Listener<CommentAdded>): void {
    this.addedListeners.push(listener);
  }

  /** A new comment, once committed (not when an idempotent retry replays it). */
  added(slug: string, comment: CommentView): void {
    this.notify(this.addedListeners, { slug, comment });
  }

  private notify<Event>(listeners: Listener<Event>[], event: Event): void {
    for (const listener of listeners) {
      Promise.resolve()
        .then(() => listener(event))
        .catch((error: unknown) => this.logger.error({ err: error }, 'comment listener failed'));
    }
  }
}
