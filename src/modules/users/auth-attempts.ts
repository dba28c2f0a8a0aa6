import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../infra/redis/redis.module.js';
import { AppError } from '../../platform/errors/app-error.js';
import { Metrics } from '../../infra/metrics/metrics.js';
import { RateLimitedError } from '../../platform/rate-limit/rate-limited.error.js';
import { RateLimiter, type RateRule } from '../../platform/rate-limit/rate-limiter.js';
import type { AccountKey } from './account-key.js';

// A failure streak is forgotten after this long without another failure.
const FAILURE_MEMORY_MS = 15 * 60_000;

/**
 * Brakes on guessing passwords and mass registration.
 *
 * - Rate limits on login and registration, per client (address, or IPv6 network) and per
 *   account, shared through Redis: a few attempts a minute, whatever the answer. The account is
 *   the {@link AccountKey} of the email, the very form the account lookup compares, so no
 *   spelling of an address that reaches an account escapes that account's counters.
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
    private readonly metrics: Metrics,
  ) {
    const { authMax, authWindowMs } = config.rateLimit;
    this.perClient = { name: 'auth-client', limit: authMax, windowMs: authWindowMs };
    this.perAccount = { name: 'auth-account', limit: authMax, windowMs: authWindowMs };
    this.emailChanges = { name: 'email-change', limit: authMax, windowMs: authWindowMs };
  }

  /** Counts an attempt from `client` (an address); 429 when it has made too many. */
  async admitClient(client: string): Promise<void> {
    await this.admit(this.perClient, this.limiter.clientKey(client));
  }

  /** Counts an attempt at `account` (an {@link AccountKey}); 429 when it has had too many. */
  async admitAccount(account: AccountKey): Promise<void> {
    await this.admit(this.perAccount, account);
  }

  /**
   * Counts an attempt to change an account's email; 429 when the client (in the same budget as
   * its logins and registrations) or the account has made too many. Whether the new address is
   * taken must be answered, so the answer itself tells whether an address has an account: these
   * limits make asking as slow as asking through login or registration.
   */
  async admitEmailChange(client: string, userId: string): Promise<void> {
    await this.admit(this.perClient, this.limiter.clientKey(client));
    await this.admit(this.emailChanges, userId);
  }

  /** 429 while this client is locked out of this account, before the password is checked. */
  async assertNotLocked(client: string, account: AccountKey): Promise<void> {
    if (!this.config.rateLimit.enabled) return;
    const ttl = await this.safely(() => this.redis.pttl(this.lockKey(client, account)), -2);
    if (ttl > 0) throw loginLocked(Math.ceil(ttl / 1000));
  }

  async recordFailure(client: string, account: AccountKey): Promise<void> {
    this.metrics.counter('loginFailures').inc();
    if (!this.config.rateLimit.enabled) return;
    const { loginLockAfterFailures, loginLockMaxSeconds } = this.config.rateLimit;
    const failures = await this.safely(async () => {
      const key = this.failureKey(client, account);
      const [[, count]] = (await this.redis
        .multi()
        .incr(key)
        .pexpire(key, FAILURE_MEMORY_MS)
        .exec()) as [[null, number], unknown];
      return count;
    }, 0);
    if (failures < loginLockAfterFailures) return;
    const seconds = Math.min(2 ** (failures - loginLockAfterFailures), loginLockMaxSeconds);
    this.metrics.counter('lockouts').inc();
    await this.safely(
      () => this.redis.set(this.lockKey(client, account), '1', 'PX', seconds * 1000),
      null,
    );
  }

  async recordSuccess(client: string, account: AccountKey): Promise<void> {
    if (!this.config.rateLimit.enabled) return;
    await this.safely(
      () => this.redis.del(this.failureKey(client, account), this.lockKey(client, account)),
      0,
    );
  }

  private async admit(rule: RateRule, key: string): Promise<void> {
    if (!this.config.rateLimit.enabled) return;
    const decision = await this.limiter.hit(rule, key);
    if (!decision.allowed) throw new RateLimitedError(decision, 'too many attempts; retry later');
  }

  private failureKey = (client: string, account: AccountKey) =>
    `login-failures:${account}:${this.limiter.clientKey(client)}`;

  private lockKey = (client: string, account: AccountKey) =>
    `login-lock:${account}:${this.limiter.clientKey(client)}`;

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
