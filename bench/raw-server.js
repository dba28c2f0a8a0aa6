// @ts-check
/**
 * The baseline: the cheapest useful HTTP server Node can run, a bare `node:http` handler that
 * answers every request with a small JSON body. Everything the API does on top of this
 * (Fastify, Nest, pino-http, telemetry, auth, Postgres) shows up as the ratio to it.
 *
 * Usage: PORT=8080 HOST=127.0.0.1 node bench/raw-server.js
 */
import { createServer } from 'node:http';

const body = JSON.stringify({ status: 'ok' });
const headers = {
  'content-type': 'application/json; charset=utf-8',
  'content-length': Buffer.byteLength(body),
};

const server = createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Started by bench/run.js over IPC: never outlive it, even if it is killed with SIGKILL.
process.on('disconnect', stop);

server.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1');
