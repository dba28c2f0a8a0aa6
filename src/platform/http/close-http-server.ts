import type { NestFastifyApplication } from '@nestjs/platform-fastify';

const SWEEP_INTERVAL_MS = 100;

/**
 * Stops accepting connections and resolves once every open one has ended. Node closes the
 * connections that are idle when closing starts; a keep-alive connection that finishes its
 * response later would otherwise stay open until its keep-alive timeout, so we sweep again.
 */
export async function closeHttpServer(app: NestFastifyApplication): Promise<void> {
  const server = app.getHttpServer();
  const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_INTERVAL_MS);
  try {
    await app.getHttpAdapter().close();
  } finally {
    clearInterval(sweep);
  }
}
