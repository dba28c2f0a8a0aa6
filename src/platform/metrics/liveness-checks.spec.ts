import { describe, expect, it } from '@jest/globals';
import type { Worker } from 'bullmq';
import { LivenessChecks } from './liveness-checks.js';

describe('LivenessChecks', () => {
  it('names each consumer whose job loop has stopped', () => {
    const checks = new LivenessChecks();
    let running = true;
    checks.registerConsumer({ name: 'images', isRunning: () => running } as unknown as Worker);
    checks.registerConsumer({ name: 'users', isRunning: () => true } as unknown as Worker);
    expect(checks.failures()).toEqual([]);
    running = false;
    expect(checks.failures()).toEqual(['images consumer: its job loop is not running']);
  });
});
