import { describe, expect, it } from '@jest/globals';
import { stdoutDestination } from './log-destination.js';

describe('stdoutDestination', () => {
  it('gives every logger of the process the same writer, so stdout keeps one order', () => {
    expect(stdoutDestination(4096)).toBe(stdoutDestination(4096));
    expect(stdoutDestination(0)).not.toBe(stdoutDestination(4096));
  });
});
