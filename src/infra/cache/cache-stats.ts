import { Injectable } from '@nestjs/common';
import { Metrics } from '../metrics/metrics.js';

export type CacheOutcome = 'hit' | 'miss' | 'bypass' | 'error';

/** Counts cache outcomes per namespace since the process started (/health/cache and /metrics). */
@Injectable()
export class CacheStats {
  private readonly counts = new Map<string, Record<CacheOutcome, number>>();

  constructor(private readonly metrics: Metrics) {}

  record(namespace: string, outcome: CacheOutcome): void {
    let entry = this.counts.get(namespace);
    if (!entry) {
      entry = { hit: 0, miss: 0, bypass: 0, error: 0 };
      this.counts.set(namespace, entry);
    }
    entry[outcome] += 1;
    // Namespaces are the code's own (articles, tags, ...), never keys: a closed set of labels.
    this.metrics
      .counter('cacheOperations')
      .inc({ cache_namespace: namespace, cache_outcome: outcome });
  }

  snapshot(): Record<string, Record<CacheOutcome, number> & { hitRatio: number }> {
    return Object.fromEntries(
      [...this.counts].map(([namespace, c]) => {
        const lookups = c.hit + c.miss;
        return [namespace, { ...c, hitRatio: lookups ? Number((c.hit / lookups).toFixed(3)) : 0 }];
      }),
    );
  }
}
