import { describe, expect, it, jest } from '@jest/globals';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { replyWithProblem } from './problem-reply.js';

/** A reply that records what was sent. */
function fakeReply() {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = {
    headers: {},
  };
  const reply = {
    header: (name: string, value: string) => ((sent.headers[name] = value), reply),
    headers: (values: Record<string, string>) => (Object.assign(sent.headers, values), reply),
    status: (status: number) => ((sent.status = status), reply),
    send: (body: unknown) => ((sent.body = body), reply),
  };
  return { reply: reply as unknown as FastifyReply, sent };
}

describe('replyWithProblem', () => {
  const request = { id: 'req-1', url: '/api/articles/x' } as FastifyRequest;

  it('answers a value Postgres refused with 400 and logs it as a warning, not an error', () => {
    const logger = { error: jest.fn(), warn: jest.fn() };
    const { reply, sent } = fakeReply();
    const error = Object.assign(new Error('invalid input syntax for type uuid: "x"'), {
      code: '22P02',
    });
    replyWithProblem(error, request, reply, logger);
    expect(sent.status).toBe(400);
    expect(sent.body).toMatchObject({ code: 'INVALID_DATA', requestId: 'req-1' });
    expect(JSON.stringify(sent.body)).not.toContain('uuid');
    expect(logger.warn).toHaveBeenCalledWith(
      { err: error, request_id: 'req-1' },
      'the database refused a request value',
    );
    expect(logger.error).not.toHaveBeenCalled();
  });
});
