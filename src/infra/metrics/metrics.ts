import { Gauge, Registry } from 'prom-client';
import { LeanCounter } from './lean-counter.js';
import { LeanHistogram } from './lean-histogram.js';
import { METRICS, type MetricDefinition, type MetricKey, type MetricSource } from './catalog.js';

type KeysOfType<T> = {
  [K in MetricKey]: (typeof METRICS)[K]['type'] extends T ? K : never;
}[MetricKey];

/** Reads a value at scrape time (pool sizes, queue depths); may be slow, so it is awaited. */
export type Collector = () => void | Promise<void>;

/** A collector that takes longer is skipped for that scrape: its series keep their last value. */
const COLLECT_TIMEOUT_MS = 2_000;

/**
 * The process's instruments, built from the catalog for one process (API or worker), in a
 * registry of its own so that several apps in one process (the tests) never share counts.
 * prom-client's registry and exposition rather than the OpenTelemetry metrics SDK (ADR 0012);
 * counters and histograms are the service's own lean ones (they sit on the request path),
 * gauges are prom-client's (set at scrape time).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly instruments = new Map<MetricKey, LeanCounter | Gauge | LeanHistogram>();
  private readonly collectors: Collector[] = [];

  /**
   * @param enabled METRICS_ENABLED. When false the timings on the request path (HTTP, Postgres,
   *   Redis) and the runtime sampling are not set up at all, so metrics cost nothing; the plain
   *   counters still count, unseen.
   */
  constructor(
    readonly source: MetricSource,
    readonly enabled = true,
  ) {
    for (const [key, definition] of Object.entries(METRICS) as [MetricKey, MetricDefinition][]) {
      if (!definition.sources.includes(source)) continue;
      this.instruments.set(key, build(definition, this.registry));
    }
  }

  counter(key: KeysOfType<'counter'>): LeanCounter {
    return this.instrument(key) as LeanCounter;
  }

  gauge(key: KeysOfType<'gauge'>): Gauge {
    return this.instrument(key) as Gauge;
  }

  histogram(key: KeysOfType<'histogram'>): LeanHistogram {
    return this.instrument(key) as LeanHistogram;
  }

  /** Whether this process exports the series (the worker has no HTTP series, for example). */
  has(key: MetricKey): boolean {
    return this.instruments.has(key);
  }

  /** Runs before every scrape. */
  onCollect(collector: Collector): void {
    this.collectors.push(collector);
  }

  /** The Prometheus text exposition of every series, after the collectors have run. */
  async scrape(): Promise<string> {
    await Promise.all(this.collectors.map((collect) => withTimeout(collect)));
    return this.registry.metrics();
  }

  private instrument(key: MetricKey): LeanCounter | Gauge | LeanHistogram {
    const found = this.instruments.get(key);
    if (!found) throw new Error(`metric ${key} is not exported by the ${this.source} process`);
    return found;
  }
}

function build(
  definition: MetricDefinition,
  registry: Registry,
): LeanCounter | Gauge | LeanHistogram {
  const common = {
    name: definition.name,
    help: definition.help,
    labelNames: [...definition.labels],
    registers: [registry],
  };
  switch (definition.type) {
    case 'counter':
      return new LeanCounter(definition.name, definition.help, definition.labels, registry);
    case 'gauge':
      return new Gauge(common);
    case 'histogram':
      return new LeanHistogram(
        definition.name,
        definition.help,
        definition.labels,
        definition.buckets ?? [],
        registry,
      );
  }
}

async function withTimeout(collect: Collector): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, COLLECT_TIMEOUT_MS);
    timer.unref();
  });
  try {
    await Promise.race([Promise.resolve().then(collect), expired]);
  } catch {
    // A dependency that is down must not take the whole scrape with it.
  } finally {
    clearTimeout(timer);
  }
}
