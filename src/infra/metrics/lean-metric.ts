import type { Registry } from 'prom-client';
import { type LabelValues, SeriesTable } from './series-table.js';

/** One line of the exposition, as prom-client's registry formats it. */
export interface Sample {
  labels: LabelValues;
  value: number;
  /** When not the metric's own name (a histogram's `_bucket`, `_sum`, `_count`). */
  metricName?: string;
}

/**
 * What the service's counters and histograms share: their series in a {@link SeriesTable}, and
 * the shape prom-client's registry reads (`name`, `help`, `type`, `get()`, `reset()`), so the
 * registry formats them along with its own gauges.
 */
export abstract class LeanMetric<S extends { labels: LabelValues }> {
  readonly aggregator = 'sum';
  protected readonly series: SeriesTable<S>;

  protected constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
    labelNames: readonly string[],
    create: (labels: LabelValues) => S,
    registry: Registry,
  ) {
    this.series = new SeriesTable(labelNames, create);
    registry.registerMetric(this as never);
  }

  /** The samples of one series. */
  protected abstract samplesOf(series: S): Sample[];

  get() {
    const values = this.series.all().flatMap((series) => this.samplesOf(series));
    const { name, help, type, aggregator } = this;
    return { name, help, type, values, aggregator };
  }

  reset(): void {
    this.series.clear();
  }
}
