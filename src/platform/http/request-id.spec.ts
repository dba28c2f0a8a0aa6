import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { resolveRequestId } from './request-id.js';

const requestWith = (headers: Record<string, string>) =>
  ({ headers }) as unknown as IncomingMessage & { id?: unknown };

describe('resolveRequestId', () => {
  it('keeps a well-formed incoming X-Request-Id', () => {
    expect(resolveRequestId(requestWith({ 'x-request-id': 'abc-123_x.y:z' }))).toBe(
      'abc-123_x.y:z',
    );
  });

  it.each([['has spaces'], ['<script>'], ['x'.repeat(129)], ['line\nbreak']])(
    'replaces an unsafe incoming id (%s) with a new UUID',
    (incoming) => {
      expect(resolveRequestId(requestWith({ 'x-request-id': incoming }))).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    },
  );

  it('returns the same id every time for one request', () => {
    const request = requestWith({});
    expect(resolveRequestId(request)).toBe(resolveRequestId(request));
  });
});
