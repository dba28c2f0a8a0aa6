import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Server } from 'node:http';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { Metrics } from '../../infra/metrics/metrics.js';
import { recordRuntimeMetrics } from '../../infra/metrics/runtime-metrics.js';
import { LivenessChecks } from './liveness-checks.js';
import { startMetricsServer } from './metrics-server.js';

/**
 * Serves the process's metrics (METRICS_PORT for the API, WORKER_METRICS_PORT for the worker)
 * and `GET /health/live` ({@link LivenessChecks}). With METRICS_ENABLED=false the API opens no
 * listener (see {@link Metrics} for what still counts); the worker keeps it for its probe.
 */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: Server;
  private stopRuntime?: () => void;
  /** Where /metrics is served, once listening. */
  url?: string;

  constructor(
    private readonly metrics: Metrics,
    private readonly liveness: LivenessChecks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { host, apiPort, workerPort } = this.config.metrics;
    const worker = this.metrics.source === 'worker';
    // The API has its probes on its own port; the worker's liveness lives here, metrics or not.
    if (!this.metrics.enabled && !worker) return;
    if (this.metrics.enabled) this.stopRuntime = recordRuntimeMetrics(this.metrics);
    const port = worker ? workerPort : apiPort;
    const { server, url } = await startMetricsServer(this.metrics, this.liveness, host, port);
    this.server = server;
    this.url = url;
    this.logger.log(`metrics${worker ? ' and liveness' : ''} listening on ${url}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopRuntime?.();
    const server = this.server;
    if (!server) return;
    // Last, so a scrape during the drain still sees it. Scrapers hold keep-alive connections;
    // nothing on them is worth waiting for.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
