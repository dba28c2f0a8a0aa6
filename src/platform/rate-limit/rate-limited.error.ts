import { AppError } from '../errors/app-error.js';
import type { RateDecision } from './rate-limiter.js';

/** 429 with Retry-After and the RateLimit-* headers of the limit that was hit. */
export class RateLimitedError extends AppError {
  constructor(decision: RateDecision, message = 'too many requests; retry later') {
    super('rate_limited', 'RATE_LIMITED', message, [message], {
      ...rateLimitHeaders(decision),
      'retry-after': String(Math.max(1, Math.ceil(decision.resetMs / 1000))),
    });
  }
}

/** The RateLimit header fields (IETF httpapi draft): the limit, what is left, seconds to reset. */
export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(Math.max(0, Math.ceil(decision.resetMs / 1000))),
  };
}
