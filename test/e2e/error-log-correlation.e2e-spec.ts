import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { SpanStatusCode } from '@opentelemetry/api';
import request from 'supertest';
import { ProfilesService } from '../../src/modules/profiles/profiles.service.js';
import { LogCapture } from '../support/log-capture.js';
import { startTracedTestApp, type TracedTestApp } from '../support/traced-test-app.js';
import { waitFor } from '../support/wait-for.js';

/**
 * An unexpected error answered 500 must be findable from the X-Request-Id the client got, and
 * lead to its trace (docs/observability.md).
 */
describe('An unexpected error answered 500', () => {
  const logs = new LogCapture();
  let api: TracedTestApp;

  beforeAll(async () => {
    api = await startTracedTestApp(logs);
  });
  afterAll(() => api.close());

  it('is logged at error level with the request id the client got and the trace id', async () => {
    jest
      .spyOn(api.app.get(ProfilesService), 'get')
      .mockRejectedValueOnce(new Error('a bug nobody expected'));
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await request(api.server)
      .get('/api/profiles/anyone')
      .set('traceparent', `00-${callerTrace}-00f067aa0ba902b7-01`)
      .expect(500);
    // All the client has: the id in the header (and in the problem body).
    const requestId = response.headers['x-request-id'];
    expect(response.body.requestId).toBe(requestId);

    const lines = logs.records.filter((line) => line.request_id === requestId);
    const failure = lines.find((line) => line.msg === 'unhandled error while serving request');
    expect(failure).toMatchObject({
      level: 50,
      request_id: requestId,
      trace_id: callerTrace,
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      err: { message: 'a bug nobody expected' },
    });
    // Written once the response has gone out, which may be after the client has read it.
    const completed = await waitFor(
      () =>
        logs.records.find(
          (line) => line.request_id === requestId && line.msg === 'request completed',
        ),
      { description: 'the "request completed" line' },
    );
    expect(completed).toMatchObject({ level: 50, trace_id: callerTrace, res: { statusCode: 500 } });
    // The trace id leads to the request's server span, marked as failed.
    const server = await waitFor(
      () =>
        api.spans.getFinishedSpans().find((span) => span.name === 'GET /api/profiles/:username'),
      { description: 'the server span to end' },
    );
    expect(server.spanContext().traceId).toBe(callerTrace);
    expect(server.status.code).toBe(SpanStatusCode.ERROR);
  });
});
