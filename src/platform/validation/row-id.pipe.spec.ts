import { describe, expect, it } from '@jest/globals';
import { ParseRowIdPipe } from './row-id.pipe.js';

const pipe = new ParseRowIdPipe('comment id');

describe('ParseRowIdPipe', () => {
  it.each([
    ['1', 1],
    ['2147483647', 2147483647],
    [42, 42],
  ])('accepts %p', (value, id) => {
    expect(pipe.transform(value)).toBe(id);
  });

  it.each(['0', '-1', '2147483648', '1.5', '1e3', '0x10', ' 1', '', 'abc', 2147483648, 1.5, 0])(
    'refuses %p with 422 naming the parameter',
    (value) => {
      expect(() => pipe.transform(value)).toThrow(
        expect.objectContaining({
          code: 'INVALID_INPUT',
          details: ['comment id must be a whole number from 1 to 2147483647'],
        }),
      );
    },
  );
});
