import { Logger } from '@nestjs/common';
import type { PubSub } from 'mercurius';
import type { RedisEmitter } from '../../infra/redis/redis-emitter.js';
import { DependencyUnavailableError } from '../errors/app-error.js';

/** Redis confirms a SUBSCRIBE in milliseconds; past this, it is unreachable and we say so. */
const SUBSCRIBE_TIMEOUT_MS = 5_000;

const unavailable = () => new DependencyUnavailableError('The live-update service');

/**
 * Events for GraphQL subscriptions, shared by every API instance through Redis pub/sub: features
 * publish here, subscription resolvers subscribe through here, Mercurius delivers.
 */
export class GraphqlPubSub {
  private readonly logger = new Logger('GraphqlPubSub');

  constructor(private readonly redis: RedisEmitter) {}

  /** For Mercurius' `subscription.emitter`. */
  get emitter(): object {
    return this.redis.emitter;
  }

  /** Best effort and never rejects: the write that caused the event has already succeeded. */
  async publish(topic: string, payload: unknown): Promise<void> {
    try {
      await this.redis.publish(topic, payload);
    } catch (error) {
      this.logger.warn(`live update on ${topic} not published: ${(error as Error).message}`);
    }
  }

  /**
   * Subscribes the current operation (its `context.pubsub`) to a topic. Fails with
   * SERVICE_UNAVAILABLE instead of accepting a subscription that could never receive anything.
   */
  async subscribe<T>(operationPubSub: PubSub, topic: string): Promise<AsyncIterable<T>> {
    if (!this.redis.listening) throw unavailable();
    const subscribed = operationPubSub.subscribe(topic) as Promise<AsyncIterable<T>>;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(unavailable()), SUBSCRIBE_TIMEOUT_MS);
    });
    try {
      return await Promise.race([subscribed, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    return this.redis.close();
  }
}
