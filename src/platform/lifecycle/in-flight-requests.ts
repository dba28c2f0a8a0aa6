import { Injectable } from '@nestjs/common';

/**
 * Counts route handlers still running. The HTTP server closing only says that sockets are
 * gone; a handler whose client hung up may still be using the database, so shutdown waits
 * for this count to reach zero before closing the pools. The HTTP layer counts every route's
 * handler (see registerInFlightCount); a Nest interceptor did before, and it cost every
 * request an RxJS pipeline (ADR 0018).
 */
@Injectable()
export class InFlightRequests {
  private running = 0;
  private waiters: (() => void)[] = [];

  enter(): void {
    this.running += 1;
  }

  leave(): void {
    this.running -= 1;
    if (this.running > 0) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** Resolves once no handler is running. */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
