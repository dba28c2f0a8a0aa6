import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { toClientError } from './graphql-errors.js';

describe('toClientError', () => {
  it('answers a value Postgres refused as BAD_USER_INPUT, to be logged as a warning', () => {
    const original = Object.assign(new Error('invalid byte sequence'), { code: '22021' });
    const { error, unexpected, slipped } = toClientError(
      new GraphQLError('invalid byte sequence', { originalError: original, path: ['article'] }),
    );
    expect({ unexpected, slipped }).toEqual({ unexpected: false, slipped: true });
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'INVALID_DATA' });
    expect(error.message).not.toContain('byte');
  });
});
