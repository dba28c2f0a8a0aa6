import { Injectable } from '@nestjs/common';

/** Flipped once a shutdown signal arrives, so readiness reports 503 while requests drain. */
@Injectable()
export class ShutdownState {
  private draining = false;

  get isDraining(): boolean {
    return this.draining;
  }

  startDraining(): void {
    this.draining = true;
  }
}
