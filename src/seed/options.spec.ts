import { describe, expect, it } from '@jest/globals';
import { DEFAULT_COUNTS, parseSeedOptions } from './options.js';
import { SeedError } from './seed-error.js';

describe('seed command line', () => {
  it('uses the documented defaults', () => {
    expect(parseSeedOptions([])).toEqual({
      counts: DEFAULT_COUNTS,
      seed: 1,
      reset: false,
      help: false,
    });
  });

  it('scales every default but the tags, with explicit counts winning', () => {
    const { counts } = parseSeedOptions(['--scale', '0.1', '--comments', '7']);
    expect(counts).toEqual({
      users: 100,
      articles: 1_000,
      tags: 50,
      favorites: 3_000,
      follows: 500,
      comments: 7,
    });
  });

  it('shrinks scaled counts to what so few users allow', () => {
    const { counts } = parseSeedOptions(['--scale', '0.002']);
    expect(counts.users).toBe(2);
    expect(counts.follows).toBe(2);
    expect(counts.favorites).toBe(40);
  });

  it('rejects an explicit count that cannot be met, a bad number and an unknown flag', () => {
    for (const argv of [
      ['--users', '3', '--follows', '7'],
      ['--users', 'many'],
      ['--seed', '-1'],
      ['--scale', '0'],
      ['--everything'],
    ]) {
      expect(() => parseSeedOptions(argv)).toThrow(SeedError);
    }
  });
});
