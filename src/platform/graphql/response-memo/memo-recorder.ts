import type { CacheSource } from '../../../infra/cache/cache.service.js';
import type { MemoizableOperation } from './memoizable-operation.js';

/**
 * What one execution of a memoizable operation read. Each root resolver reports its read; the
 * answer may be kept only if every one of them came whole from a cache entry (a hit) and no
 * error was answered. A miss, a private read or an error spoils it: nothing is kept.
 */
export class MemoRecorder {
  private readonly sources: CacheSource[] = [];
  private spoiled = false;

  constructor(
    readonly operation: MemoizableOperation,
    /** The memo key of the request being run, where a complete answer is kept. */
    readonly key: string,
  ) {}

  depend(read: { source?: CacheSource }): void {
    if (read.source) this.sources.push(read.source);
    else this.spoiled = true;
  }

  spoil(): void {
    this.spoiled = true;
  }

  /** The entries the answer was made from, or undefined when it must not be kept. */
  sourcesIfComplete(): CacheSource[] | undefined {
    if (this.spoiled || this.sources.length !== this.operation.rootFields) return undefined;
    return this.sources;
  }
}
