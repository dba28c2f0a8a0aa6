import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { shutdownTelemetry } from '../../infra/telemetry/telemetry.js';
import { ShutdownState } from './shutdown-state.js';

interface ShutdownOptions {
  timeoutMs: number;
  /** Time to keep serving while load balancers notice readiness turned 503. */
  drainDelayMs: number;
  logger: LoggerService;
  /** Stops taking work and waits for work in progress (the API: HTTP server and handlers). */
  stopAccepting?: () => Promise<void>;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * On SIGTERM or SIGINT: readiness turns 503 while work is still taken for `drainDelayMs`, then
 * new work stops and work in progress finishes, then the app closes (workers finish active
 * jobs, pools close), telemetry flushes, and the process exits 0. Past the timeout, or on a
 * second signal, it exits 1.
 */
export function installGracefulShutdown(
  app: INestApplicationContext,
  options: ShutdownOptions,
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.logger.warn(`${signal} received again; exiting now`);
      process.exit(1);
    }
    stopping = true;
    void shutdown(app, signal, options);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

async function shutdown(app: INestApplicationContext, signal: string, options: ShutdownOptions) {
  const { logger, timeoutMs, drainDelayMs } = options;
  const started = Date.now();
  logger.log(`${signal} received; shutting down (timeout ${timeoutMs} ms)`);
  setTimeout(() => {
    logger.error(`shutdown did not finish within ${timeoutMs} ms; exiting`);
    process.exit(1);
  }, timeoutMs).unref();

  const state = app.get(ShutdownState, { strict: false });
  state.startDraining();
  try {
    if (drainDelayMs > 0) await delay(drainDelayMs);
    await options.stopAccepting?.();
    state.stopServing();
    await app.close();
    await shutdownTelemetry();
  } catch (error) {
    logger.error(`shutdown failed: ${(error as Error).message}`);
    process.exit(1);
  }
  logger.log(`shutdown complete in ${Date.now() - started} ms`);
  process.exit(0);
}
