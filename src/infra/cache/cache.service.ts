import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';
import { CacheStats, type CacheOutcome } from './cache-stats.js';
import { FILL_IF_UNCHANGED, READ_COUNTER } from './fill-if-unchanged.js';

/** Where a cached value lives: a plain key, or one field of a hash that is invalidated as a whole. */
export interface CacheEntry {
  namespace: string;
  key: string;
  field?: string;
  ttlSeconds: number;
  /** A value whose JSON is longer than this is returned but not stored. */
  maxBytes?: number;
  /** For a hash: once it holds this many fields, new ones are not stored until it is dropped. */
  maxFields?: number;
}

export interface Cached<T> {
  value: T;
  outcome: CacheOutcome;
  /** On a hit, the stored JSON the value was parsed from: what a later read can compare. */
  json?: string;
}

/** One entry as a read found it: the text a later {@link CacheService.peekJson} is compared with. */
export interface CacheSource {
  entry: CacheEntry;
  json: string;
}

/** A cached value as JSON text, as Redis holds it: for answers that are the value itself. */
export interface CachedJson {
  json: string;
  outcome: CacheOutcome;
}

/** A value loaded on a miss, with the JSON the fill serialized it to, when there was a fill. */
interface Loaded<T> {
  value: T;
  json?: string;
}

const KEY_ROOT = 'cache:';
/** How soon a cache left unusable by a failed invalidation tries to reset itself again. */
const RESET_RETRY_MS = 1_000;
/**
 * A load that began longer ago than this (by Redis's clock) does not fill: see the counter's
 * lifetime below. Loads take milliseconds; one this old only loses its chance to be cached.
 */
const FILL_MAX_AGE_MICROS = 60 * 1_000_000;
/**
 * Invalidation counters (`<key>:inv`) expire this long after their last increment, so counters
 * of deleted articles do not pile up forever. It must exceed FILL_MAX_AGE: a fill compares the
 * counter with the value it read before loading, and an increment after that read sets the
 * counter's lifetime from a moment later than the read. So while a fill is still allowed (at
 * most FILL_MAX_AGE after its read), any counter incremented since the read is still there and
 * differs from what the fill saw. Were the counter to expire back to '0' first, a fill that
 * read '0' would pass its check and store the pre-write value: a stale entry.
 */
export const COUNTER_TTL_SECONDS = 3_600;

/**
 * Cache-aside over Redis that never serves stale data after a write:
 * - a write calls {@link invalidate}, which deletes the entry and bumps its counter;
 * - a miss reads the counter before loading and stores the result only if the counter has not
 *   moved (a Lua check-and-set), so a slow load cannot put back what a write just removed;
 * - concurrent misses on one entry share a single load (no stampede on the database);
 * - while Redis is unreachable, reads go straight to the loader; if a write could not
 *   invalidate (Redis away, or a command that timed out), every entry is dropped before the
 *   cache is used again: when Redis returns, or on a retry timer while it stays connected.
 */
@Injectable()
export class CacheService implements OnModuleDestroy {
  private readonly logger = new Logger(CacheService.name);
  private readonly loading = new Map<string, Promise<unknown>>();
  /** Set when a write could not invalidate: the cache stays unused until it has been reset. */
  private missedInvalidation = false;
  /** Counts missed invalidations, so a reset that overlapped a new miss does not clear it. */
  private misses = 0;
  private resetting?: Promise<void>;
  private resetTimer?: NodeJS.Timeout;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly stats: CacheStats,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    redis.defineCommand('fillIfUnchanged', { numberOfKeys: 2, lua: FILL_IF_UNCHANGED });
    redis.defineCommand('readCounter', { numberOfKeys: 1, lua: READ_COUNTER });
    redis.on('ready', () => {
      if (this.missedInvalidation) void this.reset();
    });
  }

  onModuleDestroy(): void {
    clearTimeout(this.resetTimer);
  }

  async getOrLoad<T>(entry: CacheEntry, load: () => Promise<T>): Promise<Cached<T>> {
    const { raw, loaded, outcome } = await this.read(entry, load);
    if (raw === undefined) return { value: loaded.value, outcome };
    return { value: JSON.parse(raw) as T, outcome, json: raw };
  }

  /**
   * The entry's stored JSON, or null when it is not stored or the cache cannot be trusted now
   * (Redis away, a missed invalidation): never loads. For callers that kept an earlier read's
   * text and only need to know whether it is still the current one.
   */
  async peekJson(entry: CacheEntry): Promise<string | null> {
    if (!this.available()) return null;
    try {
      const raw = await this.stored(entry);
      if (raw !== null) this.count(entry, 'hit');
      return raw;
    } catch {
      return null;
    }
  }

  /**
   * {@link getOrLoad}, for a value that is sent as it is: a hit returns the stored JSON text
   * without parsing it, and the caller sends it without serializing it again. For a cached
   * 20-article page, that is two passes over 10 KB of JSON saved per request.
   */
  async getOrLoadJson<T>(entry: CacheEntry, load: () => Promise<T>): Promise<CachedJson> {
    const { raw, loaded, outcome } = await this.read(entry, load);
    return { json: raw ?? loaded.json ?? JSON.stringify(loaded.value), outcome };
  }

  /** The stored text on a hit; otherwise the loaded value (with its JSON if a fill made it). */
  private async read<T>(
    entry: CacheEntry,
    load: () => Promise<T>,
  ): Promise<
    | { raw: string; loaded?: undefined; outcome: CacheOutcome }
    | { raw?: undefined; loaded: Loaded<T>; outcome: CacheOutcome }
  > {
    const key = KEY_ROOT + entry.key;
    if (!this.available()) {
      return { loaded: { value: await load() }, outcome: this.count(entry, 'bypass') };
    }
    try {
      const raw = await this.stored(entry);
      if (raw !== null) return { raw, outcome: this.count(entry, 'hit') };
    } catch (error) {
      this.logger.warn(`cache read failed for ${entry.namespace}: ${(error as Error).message}`);
      return { loaded: { value: await load() }, outcome: this.count(entry, 'error') };
    }
    return { loaded: await this.loadOnce(key, entry, load), outcome: this.count(entry, 'miss') };
  }

  /** The entry's text in Redis, or null. */
  private stored(entry: CacheEntry): Promise<string | null> {
    const key = KEY_ROOT + entry.key;
    return entry.field ? this.redis.hget(key, entry.field) : this.redis.get(key);
  }

  /** Drops entries after a write. Never throws: a failed invalidation marks the cache unusable. */
  async invalidate(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    if (this.redis.status !== 'ready') {
      this.markStale();
      return;
    }
    try {
      const pipeline = this.redis.multi();
      for (const key of keys) {
        const counter = `${KEY_ROOT}${key}:inv`;
        pipeline
          .incr(counter)
          .expire(counter, COUNTER_TTL_SECONDS)
          .unlink(KEY_ROOT + key);
      }
      await pipeline.exec();
    } catch (error) {
      this.markStale();
      this.logger.warn(`cache invalidation failed: ${(error as Error).message}`);
    }
  }

  private async loadOnce<T>(
    key: string,
    entry: CacheEntry,
    load: () => Promise<T>,
  ): Promise<Loaded<T>> {
    const flightKey = `${key}\u0000${entry.field ?? ''}`;
    const inFlight = this.loading.get(flightKey);
    if (inFlight) return inFlight as Promise<Loaded<T>>;
    const promise = this.loadAndFill(key, entry, load).finally(() =>
      this.loading.delete(flightKey),
    );
    this.loading.set(flightKey, promise);
    return promise;
  }

  private async loadAndFill<T>(
    key: string,
    entry: CacheEntry,
    load: () => Promise<T>,
  ): Promise<Loaded<T>> {
    const seen = await (this.redis as unknown as CacheCommands)
      .readCounter(`${key}:inv`)
      .catch(() => undefined);
    const value = await load();
    // Without the counter read, a fill could not tell whether a write came in between.
    if (!seen) return { value };
    const json = JSON.stringify(value);
    if (entry.maxBytes !== undefined && Buffer.byteLength(json) > entry.maxBytes) {
      return { value, json };
    }
    const [counter, seconds, micros] = seen;
    const readAt = BigInt(seconds) * 1_000_000n + BigInt(micros);
    // Awaited, so the in-flight entry lasts until the value is in Redis: a reader arriving in
    // between would otherwise miss both and load again.
    await (this.redis as unknown as CacheCommands)
      .fillIfUnchanged(
        key,
        `${key}:inv`,
        counter,
        json,
        entry.ttlSeconds,
        entry.field ?? '',
        readAt.toString(),
        FILL_MAX_AGE_MICROS,
        entry.maxFields ?? 0,
      )
      .catch((error: Error) => this.logger.warn(`cache fill failed: ${error.message}`));
    return { value, json };
  }

  private available(): boolean {
    return this.config.cache.enabled && !this.missedInvalidation && this.redis.status === 'ready';
  }

  private count(entry: CacheEntry, outcome: CacheOutcome): CacheOutcome {
    this.stats.record(entry.namespace, outcome);
    return outcome;
  }

  /**
   * Any entry may now be stale. A disconnected client resets on 'ready'; a connected one (the
   * command timed out, Redis is slow) would never emit it again, so a timer retries the reset.
   */
  private markStale(): void {
    this.missedInvalidation = true;
    this.misses += 1;
    this.scheduleReset();
  }

  private scheduleReset(): void {
    if (this.resetTimer) return;
    this.resetTimer = setTimeout(() => {
      this.resetTimer = undefined;
      if (this.redis.status === 'ready') void this.reset();
    }, RESET_RETRY_MS).unref();
  }

  /** One reset at a time; a failed one is retried by the timer or the next 'ready'. */
  private reset(): Promise<void> {
    this.resetting ??= this.dropAll().finally(() => (this.resetting = undefined));
    return this.resetting;
  }

  /** Writes happened that could not invalidate, so any entry may be stale: drop them all. */
  private async dropAll(): Promise<void> {
    const missesBefore = this.misses;
    try {
      let cursor = '0';
      const prefix = `${this.redis.options.keyPrefix ?? ''}${KEY_ROOT}`;
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        // SCAN returns full names; commands add the client's prefix again, so strip it.
        const names = keys.map((name) => name.slice(this.redis.options.keyPrefix?.length ?? 0));
        if (names.length > 0) await this.redis.unlink(...names);
        cursor = next;
      } while (cursor !== '0');
      // A miss during the scan may have left an entry the scan had already passed.
      if (this.misses !== missesBefore) return this.scheduleReset();
      this.missedInvalidation = false;
      this.logger.log('cache cleared after invalidations were missed');
    } catch (error) {
      this.logger.warn(`cache reset failed, retrying: ${(error as Error).message}`);
      this.scheduleReset();
    }
  }
}

interface CacheCommands {
  /** The counter (or '0') and Redis's clock as seconds and microseconds. */
  readCounter(counterKey: string): Promise<[string, string, string]>;
  fillIfUnchanged(
    key: string,
    counterKey: string,
    seen: string,
    value: string,
    ttlSeconds: number,
    field: string,
    readAtMicros: string,
    maxAgeMicros: number,
    maxFields: number,
  ): Promise<number>;
}
