import type { QueueOptions, RedisOptions } from 'bullmq';
import type { AppConfig } from '../../config/app-config.js';
import { failFastRedisOptions, reconnectBackoff } from '../redis/redis-client.factory.js';

/**
 * BullMQ settings per process role. The API enqueues: it must fail fast while Redis is down.
 * The worker consumes: its blocking connection waits patiently for Redis to come back.
 */
export function bullOptions(config: AppConfig, role: 'producer' | 'consumer'): QueueOptions {
  const connection: RedisOptions = {
    url: config.redis.url,
    ...(role === 'producer'
      ? failFastRedisOptions(config.redis.commandTimeoutMs)
      : { maxRetriesPerRequest: null, retryStrategy: reconnectBackoff }),
  };
  return {
    connection,
    prefix: `${config.redis.keyPrefix}bull`,
    // BullMQ reads the Redis version (INFO) once per connection and keeps the outcome: with
    // the producer's command timeout, one slow answer at start-up left the queue refusing
    // every job until a restart. Unchecked, BullMQ assumes its minimum (5.0): a producer then
    // reads a job's state with an older, equivalent script, and sends no blocking command
    // (the worker's connections, which do, still check the version).
    ...(role === 'producer' ? { skipVersionCheck: true } : {}),
  };
}
