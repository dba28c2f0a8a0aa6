import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '@nestjs/common';

/** Reconnect forever with a capped backoff: Redis outages must heal on their own. */
export const reconnectBackoff = (attempt: number): number => Math.min(attempt * 200, 2_000);

/**
 * Options for request-path clients: while Redis is unreachable, commands fail at once instead
 * of queueing, and a command Redis does not answer (a hung server, a silent network) fails after
 * `commandTimeoutMs`, so callers can degrade (answer from Postgres, report "not ready") without
 * hanging.
 */
export function failFastRedisOptions(commandTimeoutMs: number) {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: commandTimeoutMs,
    retryStrategy: reconnectBackoff,
  } satisfies RedisOptions;
}

/** Creates a client that logs the first error of an outage and the recovery, not every retry. */
export function createRedisClient(url: string, options: RedisOptions, logger: Logger): Redis {
  const client = new Redis(url, options);
  let healthy = true;
  client.on('error', (error: Error) => {
    if (!healthy) return;
    healthy = false;
    logger.warn(
      `Redis unreachable (${redactUrl(url)}): ${error.message}; retrying in the background`,
    );
  });
  client.on('ready', () => {
    if (healthy) return;
    healthy = true;
    logger.log(`Redis connection restored (${redactUrl(url)})`);
  });
  return client;
}

/** Drops credentials from a connection URL so it can be logged. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
