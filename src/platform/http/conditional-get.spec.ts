import { describe, expect, it } from '@jest/globals';
import { matchesIfNoneMatch } from './conditional-get.js';

describe('matchesIfNoneMatch', () => {
  const etag = 'W/"abc"';

  it.each([['W/"abc"'], ['"abc"'], ['"x", W/"abc"'], ['*']])('matches %p', (header) => {
    expect(matchesIfNoneMatch(header, etag)).toBe(true);
  });

  it.each([[undefined], [''], ['"abd"'], ['W/"ab"']])('does not match %p', (header) => {
    expect(matchesIfNoneMatch(header, etag)).toBe(false);
  });
});
