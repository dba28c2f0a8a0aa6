import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { finalize, type Observable } from 'rxjs';

/**
 * Counts route handlers still running. The HTTP server closing only says that sockets are
 * gone; a handler whose client hung up may still be using the database, so shutdown waits
 * for this count to reach zero before closing the pools.
 */
@Injectable()
export class InFlightRequests implements NestInterceptor {
  private running = 0;
  private waiters: (() => void)[] = [];

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    this.running += 1;
    return next.handle().pipe(finalize(() => this.leave()));
  }

  /** Resolves once no handler is running. */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private leave(): void {
    this.running -= 1;
    if (this.running > 0) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
