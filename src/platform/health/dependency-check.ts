import { withDeadline } from '../async/with-deadline.js';

export interface DependencyStatus {
  status: 'up' | 'down';
  latencyMs?: number;
  error?: string;
}

/** Runs one probe with a deadline, so a hung dependency reads as down rather than hanging. */
export async function checkDependency(
  probe: () => Promise<unknown>,
  timeoutMs: number,
): Promise<DependencyStatus> {
  const started = performance.now();
  try {
    await withDeadline(probe(), timeoutMs, 'probe');
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', error: (error as Error).message };
  }
}
