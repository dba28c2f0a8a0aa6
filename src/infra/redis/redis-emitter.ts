import type { EventEmitter } from 'node:events';
import type { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import mqemitterRedis from 'mqemitter-redis';
import {
  createRedisClient,
  failFastRedisOptions,
  reconnectBackoff,
} from './redis-client.factory.js';

/** The parts of mqemitter-redis' prefixing emitter we use (its typings omit that class). */
interface PrefixedMqEmitter {
  /** Re-emits the connections' errors; with no listener, the first one would crash the process. */
  state: EventEmitter;
  emit(message: { topic: string; payload: unknown }, done: (error?: Error) => void): void;
}

type PrefixedMqEmitterClass = new (
  channelPrefix: string,
  options: { subConn: Redis; pubConn: Redis },
) => PrefixedMqEmitter;

const { MQEmitterRedisPrefix } = mqemitterRedis as unknown as {
  MQEmitterRedisPrefix: PrefixedMqEmitterClass;
};

/**
 * An MQEmitter over Redis pub/sub, so a message published on one API instance reaches listeners
 * on all of them. Every channel is `<channelPrefix><topic>`. Redis being down never throws:
 * publishing fails at once (the caller logs it), subscribing waits for the connection, and
 * channels already subscribed are subscribed again when Redis is back.
 */
export class RedisEmitter {
  /** What Mercurius takes as `subscription.emitter`. */
  readonly emitter: PrefixedMqEmitter;
  private readonly subscriber: Redis;
  private readonly publisher: Redis;
  private outage = false;
  private closed = false;

  constructor(
    url: string,
    channelPrefix: string,
    logger: Logger,
    /** Publishing fails after this long without an answer (see failFastRedisOptions). */
    commandTimeoutMs: number,
  ) {
    // Subscribing waits in the offline queue instead of failing: mqemitter-redis would count a
    // failed SUBSCRIBE as done, and that channel would stay silent for good.
    this.subscriber = createRedisClient(
      url,
      { connectTimeout: 2_000, retryStrategy: reconnectBackoff, maxRetriesPerRequest: null },
      logger,
    );
    this.publisher = createRedisClient(url, failFastRedisOptions(commandTimeoutMs), logger);
    this.emitter = new MQEmitterRedisPrefix(channelPrefix, {
      subConn: this.subscriber,
      pubConn: this.publisher,
    });
    // Already logged, once per outage, by the clients themselves (createRedisClient).
    this.emitter.state.on('error', () => {});
    this.subscriber.on('error', () => (this.outage = true));
    this.subscriber.on('ready', () => (this.outage = false));
  }

  /** False while Redis is known to be unreachable, or once closed: new listeners would hear nothing. */
  get listening(): boolean {
    return !this.outage && !this.closed;
  }

  /** Resolves once Redis has taken the message; rejects when it cannot (no retry, no queue). */
  publish(topic: string, payload: unknown): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the Redis emitter is closed'));
    return new Promise((resolve, reject) =>
      this.emitter.emit({ topic, payload }, (error) => (error ? reject(error) : resolve())),
    );
  }

  /**
   * Closes both connections. Not mqemitter-redis' own close(): it sends QUIT unconditionally,
   * which, while Redis is down, either waits forever or rejects with nobody listening.
   */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.subscriber, this.publisher].map(closeConnection));
  }
}

async function closeConnection(client: Redis): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
}
