import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { invalidCharacters, isStorableText } from '../validation/text-input.js';

/** Deeper than any body this API takes (GraphQL variables included), far from a stack risk. */
export const MAX_JSON_DEPTH = 20;
/** Object members and array items in one body: RealWorld bodies have a handful. */
export const MAX_JSON_MEMBERS = 1_000;
export const MAX_QUERY_PARAMETERS = 50;

/**
 * The body's shape against the limits, and its strings (keys too) against NUL and unpaired
 * surrogates, walked without recursion; undefined when it is fine. Parsing is already bounded by
 * BODY_LIMIT_BYTES; this bounds what validation and the handlers would otherwise have to walk.
 */
export function jsonShapeProblem(value: unknown): AppError | undefined {
  let members = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node === 'string' && !isStorableText(node))
      return invalidCharacters('The JSON body');
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_JSON_DEPTH) {
      return tooComplex(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`);
    }
    const children = Array.isArray(node) ? node : Object.values(node);
    members += children.length;
    if (members > MAX_JSON_MEMBERS) {
      return tooComplex(`The JSON body has more than ${MAX_JSON_MEMBERS} members.`);
    }
    for (const child of children) stack.push([child, depth + 1]);
    if (!Array.isArray(node) && !Object.keys(node).every(isStorableText)) {
      return invalidCharacters('The JSON body');
    }
  }
  return undefined;
}

/** More query parameters than any route reads: 400 before a handler runs. */
export function registerQueryLimit(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const query = request.url.indexOf('?');
    if (query >= 0 && countParameters(request.url, query + 1) > MAX_QUERY_PARAMETERS) {
      done(
        new AppError(
          'bad_request',
          'QUERY_TOO_COMPLEX',
          `The query string has more than ${MAX_QUERY_PARAMETERS} parameters.`,
        ),
      );
      return;
    }
    done();
  });
}

function countParameters(url: string, from: number): number {
  let count = 1;
  for (let index = url.indexOf('&', from); index >= 0; index = url.indexOf('&', index + 1)) {
    count += 1;
  }
  return count;
}

function tooComplex(message: string): AppError {
  return new AppError('bad_request', 'JSON_TOO_COMPLEX', message);
}
