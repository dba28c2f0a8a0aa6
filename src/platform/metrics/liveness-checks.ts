import { Injectable } from '@nestjs/common';
import type { Worker } from 'bullmq';

/** Says what is wrong, or undefined when all is well. */
export type LivenessCheck = () => string | undefined;

/**
 * What `GET /health/live` on the metrics listener asks. The worker has no HTTP server of its
 * own, so this is how an orchestrator tells a stuck worker from a busy one: the answer needs a
 * responsive event loop (a blocked loop never answers, and the probe times out), and every
 * registered check, such as each BullMQ consumer still running, must pass.
 */
@Injectable()
export class LivenessChecks {
  private readonly checks = new Map<string, LivenessCheck>();

  register(name: string, check: LivenessCheck): void {
    this.checks.set(name, check);
  }

  /** A BullMQ consumer is alive while its fetch loop runs (it ends on a fatal error or close). */
  registerConsumer(worker: Worker): void {
    this.register(`${worker.name} consumer`, () =>
      worker.isRunning() ? undefined : 'its job loop is not running',
    );
  }

  failures(): string[] {
    const found: string[] = [];
    for (const [name, check] of this.checks) {
      const problem = check();
      if (problem) found.push(`${name}: ${problem}`);
    }
    return found;
  }
}
