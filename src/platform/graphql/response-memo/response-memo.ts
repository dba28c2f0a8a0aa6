import type { CacheSource } from '../../../infra/cache/cache.service.js';
import type { MemoizableOperation } from './memoizable-operation.js';

/** An answer as it was sent, with the cache entries (and their texts) it was made from. */
export interface MemoEntry {
  payload: string;
  sources: CacheSource[];
  operation: MemoizableOperation;
}

/** Bounds: a fork with many distinct queries keeps the most recent, within a few MB. */
export const MEMO_MAX_ENTRIES = 256;
export const MEMO_MAX_BYTES = 8 * 1024 * 1024;

/** Least recently used first out, by count and by the UTF-16 length of what each entry holds. */
export class ResponseMemo {
  private readonly entries = new Map<string, MemoEntry & { size: number }>();
  private size = 0;

  constructor(
    private readonly maxEntries = MEMO_MAX_ENTRIES,
    private readonly maxBytes = MEMO_MAX_BYTES,
  ) {}

  get(key: string): MemoEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Map iteration follows insertion: moving a hit to the end keeps the order by last use.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: MemoEntry): void {
    const size =
      2 * (key.length + entry.payload.length) +
      entry.sources.reduce((sum, source) => sum + 2 * source.json.length, 0);
    // One answer may not take more than an eighth of the memo: it would push out the rest.
    if (size > this.maxBytes / 8) return;
    this.delete(key);
    this.entries.set(key, { ...entry, size });
    this.size += size;
    for (const [oldest, held] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.size <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.size -= held.size;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.size -= entry.size;
  }

  get count(): number {
    return this.entries.size;
  }
}
