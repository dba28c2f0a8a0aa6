import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../infra/redis/redis.module.js';
import { AppError } from '../../platform/errors/app-error.js';
import { RateLimitedError } from '../../platform/rate-limit/rate-limited.error.js';
import { RateLimiter, type RateRule } from '../../platform/rate-limit/rate-limiter.js';

// A failure streak is forgotten after this long without another failure.
const FAILURE_MEMORY_MS = 15 * 60_000;

/**
 * Brakes on guessing passwords and mass registration.
 *
 * - Rate limits on login and registration, per client address and per account (the email),
 *   shared through Redis: a few attempts a minute, whatever the answer.
 * - A lockout after repeated failed logins for one account from one address, doubling from one
 *   second up to LOGIN_LOCK_MAX_SECONDS and lifted by a successful login from there. Keyed by
 *   address as well as account, so an attacker locks out themselves, not the account's owner
 *   signing in from elsewhere.
 */
@Injectable()
export class AuthAttempts {
  private readonly logger = new Logger(AuthAttempts.name);
  private readonly perClient: RateRule;
  private readonly perAccount: RateRule;
  private readonly emailChanges: RateRule;

  constructor(
    private readonly limiter: RateLimiter,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const { authMax, authWindowMs } = config.rateLimit;
    this.perClient = { name: 'auth-client', limit: authMax, windowMs: authWindowMs };
    this.perAccount = { name: 'auth-account', limit: authMax, windowMs: authWindowMs };
    this.emailChanges = { name: 'email-change', limit: authMax, windowMs: authWindowMs };
  }

  /** Counts an attempt; 429 when the client or the account has made too many. */
  async admit(client: string, email: string): Promise<void> {
    if (!this.config.rateLimit.enabled) return;
    const account = email.trim().toLowerCase();
    for (const [rule, key] of [
      [this.perClient, client],
      [this.perAccount, account],
    ] as const) {
      const decision = await this.limiter.hit(rule, key);
      if (!decision.allowed) throw new RateLimitedError(decision, 'too many attempts; retry later');
    }
  }

  /**
   * Counts an attempt to change an account's email; 429 when the client (in the same budget as
   * its logins and registrations) or the account has made too many. Whether the new address is
   * taken must be answered, so the answer itself tells whether an address has an account: these
   * limits make asking as slow as asking through login or registration.
   */
  async admitEmailChange(client: string, userId: string): Promise<void> {
    if (!this.config.rateLimit.enabled) return;
    for (const [rule, key] of [
      [this.perClient, client],
      [this.emailChanges, userId],
    ] as const) {
      const decision = await this.limiter.hit(rule, key);
      if (!decision.allowed) throw new RateLimitedError(decision, 'too many attempts; retry later');
    }
  }

  /** 429 while this client is locked out of this account, before the password is checked. */
  async assertNotLocked(client: string, email: string): Promise<void> {
    if (!this.config.rateLimit.enabled) return;
    const ttl = await this.safely(() => this.redis.pttl(this.lockKey(client, email)), -2);
    if (ttl > 0) throw loginLocked(Math.ceil(ttl / 1000));
  }

  async recordFailure(client: string, email: string): Promise<void> {
    if (!this.config.rateLimit.enabled) return;
    const { loginLockAfterFailures, loginLockMaxSeconds } = this.config.rateLimit;
    const failures = await this.safely(async () => {
      const key = this.failureKey(client, email);
      const [[, count]] = (await this.redis
        .multi()
        .incr(key)
        .pexpire(key, FAILURE_MEMORY_MS)
        .exec()) as [[null, number], unknown];
      return count;
    }, 0);
    if (failures < loginLockAfterFailures) return;
    const seconds = Math.min(2 ** (failures - loginLockAfterFailures), loginLockMaxSeconds);
    await this.safely(
      () => this.redis.set(this.lockKey(client, email), '1', 'PX', seconds * 1000),
      null,
    );
  }

  async recordSuccess(client: string, email: string): Promise<void> {
    if (!this.config.rateLimit.enabled) return;
    await this.safely(
      () => this.redis.del(this.failureKey(client, email), this.lockKey(client, email)),
      0,
    );
  }

  private failureKey = (client: string, email: string) =>
    `login-failures:${email.trim().toLowerCase()}:${client}`;

  private lockKey = (client: string, email: string) =>
    `login-lock:${email.trim().toLowerCase()}:${client}`;

  /**
   * While Redis is down there is no lockout (the per-instance rate limits still bound the
   * guessing); a login must not fail because a brake is unavailable.
   */
  private async safely<T>(work: () => Promise<T>, fallback: T): Promise<T> {
    if (this.redis.status !== 'ready') return fallback;
    try {
      return await work();
    } catch (error) {
      this.logger.debug(`login lockout unavailable: ${(error as Error).message}`);
      return fallback;
    }
  }
}

function loginLocked(seconds: number): AppError {
  const message = `too many failed logins; retry in ${seconds} s`;
  return new AppError('rate_limited', 'USER_LOGIN_LOCKED', message, [message], {
    'retry-after': String(seconds),
  });
}
