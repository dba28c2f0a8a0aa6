import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { ProfilesService } from '../../src/modules/profiles/profiles.service.js';
import { registerUser } from '../factories/user.factory.js';
import { relayedImageJob } from '../support/image-jobs.js';
import { jpeg } from '../support/images.js';
import { LogCapture } from '../support/log-capture.js';
import { startTracedTestApp, type TracedTestApp } from '../support/traced-test-app.js';
import { waitFor } from '../support/wait-for.js';

/**
 * A request whose trace is not sampled runs with no active span (its span would record
 * nothing: platform/http/server-span.ts). What the sampled path gets from the active span must
 * still hold: its log lines name its trace, and the jobs it asks for stay in that trace.
 */
describe('A request whose trace is not sampled', () => {
  const logs = new LogCapture();
  let api: TracedTestApp;
  // A caller that sampled its trace out: flags 00.
  const callerTrace = '5a1e7c3f00d94b6e8c2f41a9b3d07e16';
  const unsampled = `00-${callerTrace}-00f067aa0ba902b7-00`;

  beforeAll(async () => {
    api = await startTracedTestApp(logs);
  });
  afterAll(() => api.close());

  const linesOf = (requestId: unknown) =>
    logs.records.filter((line) => line.request_id === requestId);

  it('logs every line with its trace id, error lines included, and records no span', async () => {
    jest
      .spyOn(api.app.get(ProfilesService), 'get')
      .mockRejectedValueOnce(new Error('a bug in an unsampled request'));
    const response = await request(api.server)
      .get('/api/profiles/anyone')
      .set('traceparent', unsampled)
      .expect(500);
    const requestId = response.headers['x-request-id'];
    const completed = await waitFor(
      () => linesOf(requestId).find((line) => line.msg === 'request completed'),
      { description: 'the "request completed" line' },
    );
    const failure = linesOf(requestId).find(
      (line) => line.msg === 'unhandled error while serving request',
    );
    for (const line of [failure, completed]) {
      expect(line).toMatchObject({
        trace_id: callerTrace,
        span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      });
      // The request's own span id, not the caller's.
      expect(line?.span_id).not.toBe('00f067aa0ba902b7');
    }
    // Neither the server span nor its Postgres and Redis calls were recorded.
    expect(
      api.spans.getFinishedSpans().filter((span) => span.spanContext().traceId === callerTrace),
    ).toEqual([]);
  });

  it('logs a GraphQL request with its trace id', async () => {
    const response = await request(api.server)
      .post('/graphql')
      .set('traceparent', unsampled)
      .send({ query: 'query Tags { tags }' })
      .expect(200);
    expect(response.body.errors).toBeUndefined();
    const completed = await waitFor(
      () =>
        linesOf(response.headers['x-request-id']).find((line) => line.msg === 'request completed'),
      { description: 'the "request completed" line' },
    );
    expect(completed).toMatchObject({ trace_id: callerTrace });
  });

  it('hands the job it asks for on in its trace, still unsampled', async () => {
    const user = await registerUser(api.server);
    const { body } = await request(api.server)
      .put('/api/user/image')
      .set({ Authorization: `Token ${user.token}`, traceparent: unsampled })
      .attach('image', await jpeg(96, 64, { seed: 4 }), { filename: 'photo.jpg' })
      .expect(202);
    const job = await relayedImageJob(api.config, body.job.id);
    // The outbox row carried the request's context to the relay, whose publish span (a child
    // of it, unsampled like it) wrote these headers for the worker.
    const headers = JSON.parse(job.opts.telemetry?.metadata ?? '{}');
    expect(headers.traceparent).toMatch(new RegExp(`^00-${callerTrace}-[0-9a-f]{16}-00$`));
  });
});
