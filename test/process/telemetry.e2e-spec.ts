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

/** A stand-in OTLP/HTTP collector: records what the service exports. */
async function startCollector() {
  const received: { path: string; bytes: number }[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      received.push({ path: req.url ?? '', bytes });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { received, url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

describe('Telemetry', () => {
  let api: RunningProcess | undefined;
  afterEach(() => stopProcess(api));

  it('puts trace ids on request logs and exports spans over OTLP/HTTP when an endpoint is set', async () => {
    const collector = await startCollector();
    const port = await freePort();
    api = startProcess('main', {
      PORT: String(port),
      HOST: '127.0.0.1',
      OTEL_SDK_DISABLED: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    });
    await waitForOutput(api, 'API listening');
    const response = await fetch(`http://127.0.0.1:${port}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: newUser() }),
    });
    expect(response.status).toBe(201);

    api.child.kill('SIGTERM'); // shutdown flushes the batch of spans
    expect(await api.exited).toBe(0);
    collector.close();

    const requestLine = api
      .output()
      .split('\n')
      .find((line) => line.includes('"request completed"'));
    expect(JSON.parse(requestLine ?? '{}')).toMatchObject({
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(collector.received).toContainEqual({ path: '/v1/traces', bytes: expect.any(Number) });
  });
});
