import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { ConduitUser, randomJpeg, finished } from '../support/image-jobs.js';
import { type IsolatedBackends, isolatedBackends } from '../support/isolated-backends.js';
import {
  freePort,
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: { spans?: Omit<ExportedSpan, 'service'>[] }[];
  }[];
}

/** A stand-in OTLP/HTTP collector that keeps every span it is sent (JSON encoding). */
async function startCollector() {
  const spans: ExportedSpan[] = [];
  const unreadable: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as OtlpExport;
        for (const { resource, scopeSpans } of body.resourceSpans ?? []) {
          const service = resource?.attributes?.find(({ key }) => key === 'service.name')?.value
            .stringValue;
          for (const { spans: batch } of scopeSpans ?? []) {
            for (const span of batch ?? []) spans.push({ ...span, service: service ?? '' });
          }
        }
      } catch {
        unreadable.push(`${req.url} ${req.headers['content-type']}`);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    spans,
    unreadable,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CONSUMER = 5;

describe('Tracing an image upload from the API into the worker', () => {
  let backends: IsolatedBackends;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let api: RunningProcess | undefined;
  let worker: RunningProcess | undefined;

  beforeAll(async () => {
    backends = await isolatedBackends('trace');
    collector = await startCollector();
  });

  afterAll(async () => {
    await stopProcess(api);
    await stopProcess(worker);
    await collector?.close();
    await backends?.drop();
  });

  it('continues the upload request’s trace in the worker span that processes the image', async () => {
    const telemetry = {
      ...backends.env,
      OTEL_SDK_DISABLED: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      // The collector reads JSON; the default encoding is protobuf.
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    };
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    api = startProcess('main', { ...telemetry, PORT: String(port), HOST: '127.0.0.1' });
    worker = startProcess('worker', telemetry);
    await waitForOutput(api, 'API listening');
    await waitForOutput(worker, 'worker started');

    const user = await ConduitUser.signUp(base);
    const upload = await user.uploadAvatar(await randomJpeg(800, 600));
    expect(upload.status).toBe(202);
    const job = await user.waitForJob(
      upload.job.id,
      finished,
      undefined,
      () => `worker output:\n${worker?.output()}`,
    );
    expect(job.state).toBe('completed');

    // Shutdown flushes the spans still batched.
    api.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    expect(await worker.exited).toBe(0);
    expect(collector.unreadable).toEqual([]);

    const uploads = collector.spans.filter(
      (span) =>
        span.service === 'conduit-api' &&
        span.kind === SPAN_KIND_SERVER &&
        span.name === 'PUT /api/user/image',
    );
    expect(uploads).toHaveLength(1);
    const [request] = uploads;
    const processing = collector.spans.filter(
      (span) => span.service === 'conduit-worker' && span.name === 'images process',
    );
    expect(processing).toHaveLength(1);
    const [consumer] = processing;
    expect(consumer).toMatchObject({ kind: SPAN_KIND_CONSUMER, traceId: request.traceId });
    // Its parent is the relay's enqueue of the upload's job, exported by whichever process
    // relayed it (the full tree: trace-tree.e2e-spec.ts).
    const trace = collector.spans.filter((span) => span.traceId === request.traceId);
    const parent = trace.find((span) => span.spanId === consumer.parentSpanId);
    expect(parent).toMatchObject({ name: 'images publish' });
  });
});
