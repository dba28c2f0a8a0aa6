import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { Metrics } from '../../infra/metrics/metrics.js';
import { REDIS } from '../../infra/redis/redis.module.js';
import { clientKey } from './client-key.js';

/** A limit: at most `limit` hits per `windowMs` for one key. */
export interface RateRule {
  /** Names the counter family in Redis, e.g. `global` or `auth-account`. */
  name: string;
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Until the window resets. */
  resetMs: number;
}

// One round trip: count the hits, start the window on the first one, report what is left of it.
const HIT_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }`;

const MAX_LOCAL_KEYS = 50_000;

type RateLimitRedis = Redis & {
  rateLimitHit(key: string, windowMs: number, hits: number): Promise<[number, number]>;
};

/** Hits on one counter waiting for the command in flight to finish, to be sent as one. */
interface Batch {
  hits: number;
  windowMs: number;
  waiters: ((outcome: { count: number; resetMs: number } | Error) => void)[];
}

/**
 * Fixed-window counters in Redis, so a limit holds across every instance. While Redis is
 * unreachable each instance counts on its own (in memory) instead: limits stay in force, only
 * per instance, rather than failing open (no protection) or closed (an outage of the cache
 * becoming an outage of the API). See docs/threat-model.md.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly local = new Map<string, { count: number; resetAt: number }>();
  /** Counters with a command in flight, and the hits queued behind it (see {@link count}). */
  private readonly inFlight = new Map<string, Batch | undefined>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    // A defined command is sent as EVALSHA: the script text travels once, not with every request.
    redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  }

  /**
   * What a client address (request.ip, a socket's remoteAddress) is counted under: one key per
   * IPv4 address or IPv6 network, whatever its spelling. Every per-client limit keys on this.
   */
  clientKey(address: string): string {
    return clientKey(address, this.config.rateLimit.ipv6PrefixLength);
  }

  async hit(rule: RateRule, key: string): Promise<RateDecision> {
    const counter = `rl:${rule.name}:${key}`;
    let count: number;
    let resetMs: number;
    try {
      if (this.redis.status !== 'ready') throw new Error(`Redis is ${this.redis.status}`);
      ({ count, resetMs } = await this.count(counter, rule.windowMs));
    } catch (error) {
      this.logger.debug(`rate limit counted locally: ${(error as Error).message}`);
      ({ count, resetMs } = this.hitLocally(counter, rule.windowMs));
    }
    const allowed = count <= rule.limit;
    // Policy names are the code's own (global, auth-client, ...): a closed set of labels.
    if (!allowed) this.metrics.counter('rateLimitRejections').inc({ rate_limit_policy: rule.name });
    return {
      allowed,
      limit: rule.limit,
      remaining: Math.max(0, rule.limit - count),
      resetMs,
    };
  }

  /**
   * Counts one hit in Redis. While a command for this counter is in flight, further hits wait
   * and then go together as one INCRBY, each taking its own place in the count: exactly the
   * counts one command per hit would give, but a client sending 5,000 requests a second costs
   * Redis a command per round trip, not per request. A lone hit is sent at once.
   */
  private count(counter: string, windowMs: number): Promise<{ count: number; resetMs: number }> {
    if (!this.inFlight.has(counter)) {
      this.inFlight.set(counter, undefined);
      return this.send(counter, windowMs, 1).then(([total, resetMs]) => ({
        count: total,
        resetMs,
      }));
    }
    let batch = this.inFlight.get(counter);
    if (!batch) {
      batch = { hits: 0, windowMs, waiters: [] };
      this.inFlight.set(counter, batch);
    }
    const place = ++batch.hits;
    const queued = batch;
    return new Promise((resolve, reject) => {
      queued.waiters.push((outcome) => {
        if (outcome instanceof Error) reject(outcome);
        else resolve({ count: outcome.count - queued.hits + place, resetMs: outcome.resetMs });
      });
    });
  }

  /** One command for `hits` hits; when it settles, the hits queued meanwhile go as the next. */
  private async send(counter: string, windowMs: number, hits: number): Promise<[number, number]> {
    try {
      return await (this.redis as RateLimitRedis).rateLimitHit(counter, windowMs, hits);
    } finally {
      const next = this.inFlight.get(counter);
      if (next) {
        this.inFlight.set(counter, undefined);
        this.send(counter, next.windowMs, next.hits).then(
          ([count, resetMs]) => {
            for (const settle of next.waiters) settle({ count, resetMs });
          },
          (error: Error) => {
            for (const settle of next.waiters) settle(error);
          },
        );
      } else {
        this.inFlight.delete(counter);
      }
    }
  }

  private hitLocally(counter: string, windowMs: number): { count: number; resetMs: number } {
    const now = Date.now();
    let entry = this.local.get(counter);
    if (!entry || entry.resetAt <= now) {
      if (this.local.size >= MAX_LOCAL_KEYS) this.prune(now);
      entry = { count: 0, resetAt: now + windowMs };
      this.local.set(counter, entry);
    }
    entry.count += 1;
    return { count: entry.count, resetMs: entry.resetAt - now };
  }

  private prune(now: number): void {
    for (const [key, entry] of this.local) if (entry.resetAt <= now) this.local.delete(key);
    // Still full: one window's worth of counts is lost, which errs on the side of serving.
    if (this.local.size >= MAX_LOCAL_KEYS) this.local.clear();
  }
}
