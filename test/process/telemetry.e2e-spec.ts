import { afterEach, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { newUser } from '../factories/user.factory.js';
import {
  freePort,
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string } }[];
}

/** A stand-in OTLP/HTTP collector: records what the service exports. */
async function startCollector() {
  const received: { path: string; bytes: number; type?: string }[] = [];
  const bodies: Buffer[] = [];
  const spans: ExportedSpan[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const type = req.headers['content-type'];
      received.push({ path: req.url ?? '', bytes: body.length, type });
      bodies.push(body);
      if (type === 'application/x-protobuf') {
        // An empty ExportTraceServiceResponse.
        res.writeHead(200, { 'content-type': type }).end();
        return;
      }
      const batch = JSON.parse(body.toString('utf8')) as {
        resourceSpans: { scopeSpans: { spans: ExportedSpan[] }[] }[];
      };
      for (const resource of batch.resourceSpans)
        for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { received, bodies, spans, url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

describe('Telemetry', () => {
  let api: RunningProcess | undefined;
  afterEach(() => stopProcess(api));

  /** Starts the built API exporting its spans to `endpoint` (stopped after the test). */
  async function startExportingApi(endpoint: string, env: Record<string, string> = {}) {
    const port = await freePort();
    const started = startProcess('main', {
      PORT: String(port),
      HOST: '127.0.0.1',
      OTEL_SDK_DISABLED: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      ...env,
    });
    api = started;
    await waitForOutput(started, 'API listening');
    return { port, started };
  }

  it('puts trace ids on request logs and exports spans over OTLP/HTTP when an endpoint is set', async () => {
    const collector = await startCollector();
    // The collector reads JSON; the default encoding is protobuf (the next test).
    const { port, started } = await startExportingApi(collector.url, {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await fetch(`http://127.0.0.1:${port}/api/users`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: `00-${callerTrace}-00f067aa0ba902b7-01`,
      },
      body: JSON.stringify({ user: newUser() }),
    });
    expect(response.status).toBe(201);

    started.child.kill('SIGTERM'); // shutdown flushes the batch of spans
    expect(await started.exited).toBe(0);
    collector.close();

    const requestLine = started
      .output()
      .split('\n')
      .find((line) => line.includes('"request completed"'));
    expect(JSON.parse(requestLine ?? '{}')).toMatchObject({
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(collector.received).toContainEqual({
      path: '/v1/traces',
      bytes: expect.any(Number),
      type: 'application/json',
    });

    // The server span continues the caller's trace, is named after the route, and is the
    // parent of the request's Postgres and Redis spans; the log line names the same trace.
    const server = collector.spans.find((span) => span.name === 'POST /api/users');
    expect(server).toMatchObject({
      traceId: callerTrace,
      parentSpanId: '00f067aa0ba902b7',
      kind: 2,
    });
    expect(server?.attributes).toContainEqual({
      key: 'http.route',
      value: { stringValue: '/api/users' },
    });
    const children = collector.spans.filter((span) => span.parentSpanId === server?.spanId);
    expect(children.map((span) => span.name)).toEqual(
      expect.arrayContaining(['evalsha', expect.stringMatching(/^pg\.query:INSERT/)]),
    );
    expect(children.every((span) => span.traceId === callerTrace)).toBe(true);
    expect(JSON.parse(requestLine ?? '{}').trace_id).toBe(callerTrace);
  });

  it('exports OTLP in protobuf unless told otherwise, as the specification says', async () => {
    const collector = await startCollector();
    const { port, started } = await startExportingApi(collector.url);
    const callerTrace = '0c7d3e55a8f14b2c9d6e1f7a2b3c4d5e';
    const response = await fetch(`http://127.0.0.1:${port}/api/tags`, {
      headers: { traceparent: `00-${callerTrace}-00f067aa0ba902b7-01` },
    });
    expect(response.status).toBe(200);
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    collector.close();

    expect(collector.received).toContainEqual({
      path: '/v1/traces',
      bytes: expect.any(Number),
      type: 'application/x-protobuf',
    });
    // Protobuf keeps strings as UTF-8 and ids as raw bytes: the server span's name and the
    // caller's trace id are in the body as they are.
    const body = Buffer.concat(collector.bodies);
    expect(body.includes('GET /api/tags')).toBe(true);
    expect(body.includes(Buffer.from(callerTrace, 'hex'))).toBe(true);
  });
});
