import { describe, expect, it } from '@jest/globals';
import { BadRequestException, InternalServerErrorException } from '@nestjs/common';
import { AppError, InvalidInputError } from './app-error.js';
import { summarizeError } from './error-to-problem.js';

describe('summarizeError', () => {
  it('maps each error kind to its HTTP status', () => {
    expect(summarizeError(new InvalidInputError(['a', 'b']))).toMatchObject({
      status: 422,
      messages: ['a', 'b'],
    });
    expect(summarizeError(new AppError('forbidden', 'NOPE', 'no'))).toMatchObject({
      status: 403,
      code: 'NOPE',
    });
    expect(summarizeError(new AppError('not_found', 'GONE', 'gone')).status).toBe(404);
  });

  it.each([
    [
      'a plain Error with SQL in it',
      new Error('relation "users" does not exist: SELECT * FROM users'),
    ],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a Nest 500', new InternalServerErrorException('pg pool exhausted')],
    ['a thrown string', 'boom'],
  ])('hides the details of %s behind a generic 500', (_case, error) => {
    const summary = summarizeError(error);
    expect(summary).toMatchObject({ status: 500, unexpected: true });
    expect(summary.detail).not.toMatch(/SELECT|users|pg|undefined|boom/);
  });

  it.each([
    [
      'NUL in text (22021)',
      { code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00' },
    ],
    ['a malformed uuid (22P02)', { code: '22P02', message: 'invalid input syntax for type uuid' }],
    ['an integer out of range, wrapped by TypeORM', { driverError: { code: '22003' } }],
  ])('answers a value Postgres refused, %s, with 400 to be logged as a warning', (_case, error) => {
    expect(summarizeError(Object.assign(new Error('db'), error))).toEqual({
      status: 400,
      detail: 'A value in the request is not one the database can store or compare.',
      code: 'INVALID_DATA',
      unexpected: false,
      slipped: true,
    });
  });

  it('still answers other database errors (a unique violation) with 500', () => {
    expect(summarizeError(Object.assign(new Error('dup'), { code: '23505' })).status).toBe(500);
  });

  it('passes client errors from Nest through with their message', () => {
    expect(summarizeError(new BadRequestException('bad thing'))).toMatchObject({
      status: 400,
      detail: 'bad thing',
    });
  });

  it('describes Fastify body errors without library wording', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(summarizeError(tooLarge)).toMatchObject({
      status: 413,
      detail: 'The request body is larger than this server accepts.',
    });
  });

  it('treats a body the client cut off as a 400 to nobody, not an unexpected error', () => {
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET', statusCode: 400 });
    expect(summarizeError(aborted)).toMatchObject({ status: 400, unexpected: false });
    // The same code from elsewhere (a dependency's socket) stays unexpected.
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(summarizeError(reset).unexpected).toBe(true);
  });
});
