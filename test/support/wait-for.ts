import { setTimeout as delay } from 'node:timers/promises';

/*
 * The one way tests wait. The machine that runs them is shared and noisy, so a test waits for
 * a condition, never for a fixed time; a deadline only bounds how long a failing test hangs,
 * and is generous for that reason.
 */

export interface WaitOptions {
  /** What is awaited, for the failure message ("the worker to print 'worker started'"). */
  description: string;
  /** The failure bound; the wait ends as soon as the condition holds. Default 30 s. */
  timeoutMs?: number;
  /** Time between two checks. Default 50 ms. */
  intervalMs?: number;
  /** More context for the failure message, read only on failure (a process's output). */
  context?: () => string;
}

/** Default failure bound of a wait; starting a process gets PROCESS_START_MS. */
export const WAIT_MS = 30_000;
/** Failure bound for a process to start: 2-3 s on a quiet machine, over 10 s at load 16 on 2 cores. */
export const PROCESS_START_MS = 120_000;

type Falsy = false | 0 | '' | null | undefined;

/**
 * Checks `condition` until it returns something truthy, and returns that. A check that throws
 * counts as "not yet" (a server still starting refuses connections); on timeout the error says
 * what was awaited, the last value or error seen, and the context.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  { description, timeoutMs = WAIT_MS, intervalMs = 50, context }: WaitOptions,
): Promise<Exclude<T, Falsy>> {
  const deadline = Date.now() + timeoutMs;
  let last: string;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as Exclude<T, Falsy>;
      last = `last result: ${show(value)}`;
    } catch (error) {
      last = `last error: ${(error as Error).message}`;
    }
    if (Date.now() >= deadline) {
      const extra = context ? `\n${context()}` : '';
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${description}; ${last}${extra}`,
      );
    }
    await delay(intervalMs);
  }
}

/** Settles as `promise` does, or rejects once `timeoutMs` has passed, naming what was awaited. */
export async function withDeadline<T>(
  promise: Promise<T>,
  { description, timeoutMs = WAIT_MS }: Omit<WaitOptions, 'intervalMs' | 'context'>,
): Promise<T> {
  const timer = new AbortController();
  const timeout = delay(timeoutMs, undefined, { signal: timer.signal }).then(() => {
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    timer.abort();
    timeout.catch(() => undefined);
  }
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
