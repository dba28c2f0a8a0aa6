import { Injectable } from '@nestjs/common';
import { type Observable, ReplaySubject } from 'rxjs';

/** Flipped once a shutdown signal arrives, so readiness reports 503 while requests drain. */
@Injectable()
export class ShutdownState {
  private draining = false;
  private readonly drainStarted = new ReplaySubject<void>(1);

  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * Emits once, when shutdown begins. Responses that never end by themselves (event streams)
   * end here, so the HTTP server can close and clients reconnect to another instance.
   */
  get onDrain(): Observable<void> {
    return this.drainStarted.asObservable();
  }

  startDraining(): void {
    this.draining = true;
    this.drainStarted.next();
    this.drainStarted.complete();
  }
}
