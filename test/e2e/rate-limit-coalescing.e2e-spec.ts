import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { AppConfig } from '../../src/config/app-config.js';
import { Metrics } from '../../src/infra/metrics/metrics.js';
import { RateLimiter } from '../../src/platform/rate-limit/rate-limiter.js';

/** The limiter against the real Redis: concurrent hits of one client share commands. */
describe('Rate limit counting under a flood from one client', () => {
  let redis: Redis;
  let limiter: RateLimiter;
  let commands = 0;

  beforeAll(async () => {
    redis = new Redis(process.env.REDIS_URL!, {
      keyPrefix: `${process.env.REDIS_KEY_PREFIX}coalescing:${randomUUID()}:`,
      lazyConnect: true,
    });
    await redis.connect();
    const config = { rateLimit: { ipv6PrefixLength: 64 } } as AppConfig;
    limiter = new RateLimiter(redis, config, new Metrics('api'));
    // Count the commands the limiter sends, on the real client.
    const client = redis as unknown as { rateLimitHit: (...args: unknown[]) => Promise<unknown> };
    const send = client.rateLimitHit.bind(redis);
    client.rateLimitHit = (...args: unknown[]) => {
      commands += 1;
      return send(...args);
    };
  });
  afterAll(() => redis.quit());

  it('admits exactly the limit, each hit with its own place, in far fewer commands than hits', async () => {
    const rule = { name: 'flood', limit: 150, windowMs: 60_000 };
    const decisions = await Promise.all(
      Array.from({ length: 200 }, () => limiter.hit(rule, '203.0.113.7')),
    );
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(150);
    // Every hit got a distinct count, as with one command per hit.
    const remaining = decisions.filter((d) => d.allowed).map((d) => d.remaining);
    expect(new Set(remaining).size).toBe(150);
    expect(Math.min(...remaining)).toBe(0);
    expect(Math.max(...remaining)).toBe(149);
    expect(commands).toBeLessThan(20);
    // And the count in Redis is the number of hits.
    const next = await limiter.hit(rule, '203.0.113.7');
    expect(next).toMatchObject({ allowed: false, remaining: 0 });
    expect(await redis.get('rl:flood:203.0.113.7')).toBe('201');
  });

  it('sends a lone hit at once, and counts hits of other clients apart', async () => {
    const rule = { name: 'apart', limit: 2, windowMs: 60_000 };
    const [a, b] = await Promise.all([
      limiter.hit(rule, '198.51.100.1'),
      limiter.hit(rule, '198.51.100.2'),
    ]);
    expect([a.remaining, b.remaining]).toEqual([1, 1]);
  });
});
