import { Injectable } from '@nestjs/common';
import { Metrics } from '../metrics/metrics.js';

export type CacheOutcome = 'hit' | 'miss' | 'bypass' | 'error';

/**
 * Cache outcomes per namespace since the process started: counted once, in the
 * `cache_operations_total` series (/metrics), and shown per namespace by /health/cache.
 */
@Injectable()
export class CacheStats {
  constructor(private readonly metrics: Metrics) {}

  record(namespace: string, outcome: CacheOutcome): void {
    // Namespaces are the code's own (articles, tags, ...), never keys: a closed set of labels.
    this.metrics
      .counter('cacheOperations')
      .inc({ cache_namespace: namespace, cache_outcome: outcome });
  }

  snapshot(): Record<string, Record<CacheOutcome, number> & { hitRatio: number }> {
    const counts = new Map<string, Record<CacheOutcome, number>>();
    for (const { labels, value } of this.metrics.counter('cacheOperations').get().values) {
      const namespace = String(labels.cache_namespace);
      const entry = counts.get(namespace) ?? { hit: 0, miss: 0, bypass: 0, error: 0 };
      entry[labels.cache_outcome as CacheOutcome] += value;
      counts.set(namespace, entry);
    }
    return Object.fromEntries(
      [...counts].map(([namespace, c]) => {
        const lookups = c.hit + c.miss;
        return [namespace, { ...c, hitRatio: lookups ? Number((c.hit / lookups).toFixed(3)) : 0 }];
      }),
    );
  }
}
