// @ts-check
/**
 * A local OTLP/HTTP endpoint that accepts every export and discards it, so the bench's API
 * pays what tracing costs in production (recording spans, batching, serializing, sending)
 * without a collector on the machine. It counts what it was sent, which shows that spans did
 * flow. Listens on 127.0.0.1 only.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';

/**
 * @typedef {object} OtlpSink
 * @property {string} url the base URL, for OTEL_EXPORTER_OTLP_ENDPOINT
 * @property {() => { requests: number, bytes: number }} received
 * @property {() => Promise<void>} close
 */

/** @returns {Promise<OtlpSink>} */
export async function startOtlpSink() {
  let requests = 0;
  let bytes = 0;
  const server = createServer((request, response) => {
    request.on('data', (/** @type {Buffer} */ chunk) => (bytes += chunk.length));
    request.on('end', () => {
      requests += 1;
      // An empty ExportTraceServiceResponse, in the encoding the exporter sent.
      if (request.headers['content-type'] === 'application/x-protobuf') {
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}`,
    received: () => ({ requests, bytes }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
