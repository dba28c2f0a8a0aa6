import { Injectable } from '@nestjs/common';
import { type Observable, ReplaySubject } from 'rxjs';

/**
 * Where a shutdown stands. Draining: a signal arrived, readiness reports 503, requests are still
 * served. Stopped: the HTTP server has closed and the pools are closing; nothing is served.
 */
@Injectable()
export class ShutdownState {
  private draining = false;
  private stopped = false;
  private readonly drainStarted = new ReplaySubject<void>(1);

  get isDraining(): boolean {
    return this.draining;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * Emits once, when shutdown begins. Responses that never end by themselves (event streams)
   * end here, so the HTTP server can close and clients reconnect to another instance.
   */
  get onDrain(): Observable<void> {
    return this.drainStarted.asObservable();
  }

  startDraining(): void {
    if (this.draining) return;
    this.draining = true;
    this.drainStarted.next();
    this.drainStarted.complete();
  }

  stopServing(): void {
    this.startDraining();
    this.stopped = true;
  }
}
