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

  it('answers an error without extensions (graphql-jit coercing variables) as BAD_USER_INPUT', () => {
    const bare = Object.assign(new GraphQLError('Variable "$slug" was not provided.'), {
      extensions: undefined,
    });
    const { error, unexpected } = toClientError(bare);
    expect(unexpected).toBe(false);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(error.message).toBe('Variable "$slug" was not provided.');
  });
});
