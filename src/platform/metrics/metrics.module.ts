import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { MetricSource } from '../../infra/metrics/catalog.js';
import { Metrics } from '../../infra/metrics/metrics.js';
import { BacklogMetrics } from './backlog-metrics.js';
import { LivenessChecks } from './liveness-checks.js';
import { MetricsListener } from './metrics-listener.js';

/** The process's {@link Metrics}, injectable everywhere, and the listener that serves them. */
@Global()
@Module({})
export class MetricsModule {
  static forProcess(source: MetricSource, enabled: boolean): DynamicModule {
    return {
      module: MetricsModule,
      providers: [
        { provide: Metrics, useValue: new Metrics(source, enabled) },
        LivenessChecks,
        MetricsListener,
        // Queue depths and the outbox are read by the API (see backlog-metrics.ts).
        ...(source === 'api' ? [BacklogMetrics] : []),
      ],
      exports: [Metrics, LivenessChecks, ...(source === 'api' ? [BacklogMetrics] : [])],
    };
  }
}
