import { describe, expect, it } from '@jest/globals';
import { GraphQLSchema } from 'graphql';
import type { MercuriusContext } from 'mercurius';
import { documentSizeHook } from './document-size.hook.js';
import { limitReasonOf } from './limit-violation.js';

const check = (maxBytes: number, source: string) => () =>
  documentSizeHook(maxBytes)(new GraphQLSchema({}), source, {} as MercuriusContext);

describe('documentSizeHook', () => {
  it('measures UTF-8 bytes, not characters', () => {
    expect(check(10, 'é'.repeat(5))).not.toThrow();
    expect(check(9, 'é'.repeat(5))).toThrow('The query document is 10 bytes; the limit is 9.');
  });

  it('refuses with the DOCUMENT_TOO_LARGE reason', () => {
    let reason: string | undefined;
    try {
      void check(3, '{ tags }')();
    } catch (error) {
      reason = limitReasonOf(error as Error);
    }
    expect(reason).toBe('DOCUMENT_TOO_LARGE');
  });
});
