import type { FastifyInstance } from 'fastify';
import type { RateLimitConfig } from '../../config/app-config.js';
import { isProbePath } from '../health/probe-path.js';
import { RateLimitedError, rateLimitHeaders } from './rate-limited.error.js';
import type { RateLimiter, RateRule } from './rate-limiter.js';

/**
 * Every request but the health probes counts against its client (request.ip, which TRUST_PROXY
 * decides, keyed by {@link RateLimiter.clientKey}). Runs in onRequest, before any parsing, authentication or database work.
 */
export function registerGlobalRateLimit(
  fastify: FastifyInstance,
  limiter: RateLimiter,
  config: RateLimitConfig,
): void {
  if (!config.enabled) return;
  const rule = globalRateRule(config);
  const policy = `${rule.limit};w=${Math.round(rule.windowMs / 1000)}`;
  fastify.addHook('onRequest', async (request, reply) => {
    // Probes come from the orchestrator, and a limited probe would restart a healthy instance.
    if (isProbePath(request.url)) return;
    const decision = await limiter.hit(rule, limiter.clientKey(request.ip));
    void reply.header('ratelimit-policy', policy).headers(rateLimitHeaders(decision));
    if (!decision.allowed) throw new RateLimitedError(decision);
  });
}

/** The per-address budget every request draws on; GraphQL `subscribe` messages draw on it too. */
export function globalRateRule(config: RateLimitConfig): RateRule {
  return { name: 'global', limit: config.max, windowMs: config.windowMs };
}
