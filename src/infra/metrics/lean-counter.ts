import type { Registry } from 'prom-client';
import { type LabelValues, SeriesTable } from './series-table.js';

/**
 * A Prometheus counter on the same footing as {@link LeanHistogram}: a series found in a
 * {@link SeriesTable} instead of prom-client's validate-sort-hash on every increment (the cache
 * counts one per cached read). The exposition is prom-client's.
 */
export class LeanCounter {
  readonly type = 'counter';
  readonly aggregator = 'sum';
  private readonly series: SeriesTable<{ labels: LabelValues; value: number }>;

  constructor(
    readonly name: string,
    readonly help: string,
    labelNames: readonly string[],
    registry: Registry,
  ) {
    this.series = new SeriesTable(labelNames, (labels) => ({ labels, value: 0 }));
    registry.registerMetric(this as never);
  }

  /** Adds `by` (1 unless given, never negative) to the series of `labels`. */
  inc(labels?: LabelValues, by = 1): void {
    if (!(by >= 0) || by === Number.POSITIVE_INFINITY) return;
    this.series.find(labels).value += by;
  }

  get() {
    const values = this.series.all().map(({ labels, value }) => ({ labels, value }));
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    };
  }

  reset(): void {
    this.series.clear();
  }
}
