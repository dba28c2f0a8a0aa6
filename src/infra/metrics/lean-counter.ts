import type { Registry } from 'prom-client';
import { LeanMetric, type Sample } from './lean-metric.js';
import type { LabelValues } from './series-table.js';

interface Series {
  labels: LabelValues;
  value: number;
}

/**
 * A Prometheus counter on the same footing as {@link LeanHistogram}: a series found in a
 * {@link SeriesTable} instead of prom-client's validate-sort-hash on every increment (the cache
 * counts one per cached read). The exposition is prom-client's.
 */
export class LeanCounter extends LeanMetric<Series> {
  constructor(name: string, help: string, labelNames: readonly string[], registry: Registry) {
    super(name, help, 'counter', labelNames, (labels) => ({ labels, value: 0 }), registry);
  }

  /** Adds `by` (1 unless given, never negative) to the series of `labels`. */
  inc(labels?: LabelValues, by = 1): void {
    if (!(by >= 0) || by === Number.POSITIVE_INFINITY) return;
    this.series.find(labels).value += by;
  }

  protected samplesOf({ labels, value }: Series): Sample[] {
    return [{ labels, value }];
  }
}
