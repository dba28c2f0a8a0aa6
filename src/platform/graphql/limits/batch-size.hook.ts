import type { preValidationHookHandler } from 'fastify';
import { limitViolation, QueryLimitError } from './limit-violation.js';

/** Fastify preValidation hook for the GraphQL route: a batch (a JSON array) of at most `maxBatch`. */
export function batchSizeHook(maxBatch: number): preValidationHookHandler {
  return (request, _reply, done) => {
    const size = Array.isArray(request.body) ? request.body.length : 0;
    if (size <= maxBatch) return done();
    const message = `The batch has ${size} operations; the limit is ${maxBatch}.`;
    done(new QueryLimitError([limitViolation('BATCH_TOO_LARGE', message)]));
  };
}
