import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import type { Metrics } from './metrics.js';

/** Node's GC kinds (perf_hooks constants NODE_PERFORMANCE_GC_*), named as the semantic conventions do. */
const GC_KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };

/**
 * Event loop, heap, GC and CPU. The event-loop delay histogram samples every 20 ms (a timer, no
 * per-request work); its percentiles and the loop's utilisation cover the time since the
 * previous scrape. Returns a function that stops the sampling.
 */
export function recordRuntimeMetrics(metrics: Metrics): () => void {
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  let utilization = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();

  const gc = metrics.histogram('gcDuration');
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind ?? 0;
      gc.observe({ v8js_gc_type: GC_KINDS[kind] ?? 'other' }, entry.duration / 1000);
    }
  });
  observer.observe({ entryTypes: ['gc'] });

  metrics.onCollect(() => {
    // The histogram counts nanoseconds; with no sample yet its percentiles are NaN.
    const seconds = (ns: number) => (Number.isFinite(ns) ? ns / 1e9 : 0);
    metrics.gauge('eventLoopDelayP50').set(seconds(delay.percentile(50)));
    metrics.gauge('eventLoopDelayP99').set(seconds(delay.percentile(99)));
    metrics.gauge('eventLoopDelayMax').set(seconds(delay.max));
    delay.reset();

    const now = performance.eventLoopUtilization();
    metrics
      .gauge('eventLoopUtilization')
      .set(performance.eventLoopUtilization(now, utilization).utilization);
    utilization = now;

    for (const space of getHeapSpaceStatistics()) {
      const labels = { v8js_heap_space_name: space.space_name };
      metrics.gauge('heapUsed').set(labels, space.space_used_size);
      metrics.gauge('heapLimit').set(labels, space.space_size);
    }
    metrics.gauge('processMemory').set(process.memoryUsage.rss());

    const total = process.cpuUsage();
    metrics.counter('processCpu').inc({ cpu_mode: 'user' }, (total.user - cpu.user) / 1e6);
    metrics.counter('processCpu').inc({ cpu_mode: 'system' }, (total.system - cpu.system) / 1e6);
    cpu = total;
  });

  return () => {
    delay.disable();
    observer.disconnect();
  };
}
