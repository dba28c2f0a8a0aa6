import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Queue } from 'bullmq';
import { loadConfig } from '../../src/config/load-config.js';
import { bullOptions } from '../../src/infra/queue/queue-connection.js';
import { testEnv } from '../setup/test-environment.js';

const COMMAND_TIMEOUT_MS = 300;

/**
 * A proxy to the real Redis that answers each connection's second INFO late (the first is
 * ioredis's own ready check): a Redis, or a machine, busy for a moment just as the API starts.
 */
async function slowSecondInfo(target: URL, delayMs: number): Promise<Server> {
  const server = createServer((client: Socket) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    let infos = 0;
    let holding = Promise.resolve();
    client.on('data', (chunk: Buffer) => {
      if (/\r\ninfo\r\n/i.test(chunk.toString('latin1')) && ++infos === 2) {
        holding = new Promise((resolve) => setTimeout(resolve, delayMs));
      }
      // Later bytes wait behind the held command, so Redis still sees them in order.
      void holding.then(() => upstream.destroyed || upstream.write(chunk));
    });
    upstream.pipe(client);
    for (const socket of [client, upstream]) socket.on('error', () => socket.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

describe('a producer queue whose first commands answer late', () => {
  let proxy: Server;
  let queue: Queue;
  beforeAll(async () => {
    proxy = await slowSecondInfo(new URL(process.env.REDIS_URL!), COMMAND_TIMEOUT_MS * 5);
    const redis = new URL(process.env.REDIS_URL!);
    redis.host = `127.0.0.1:${(proxy.address() as { port: number }).port}`;
    const config = loadConfig({
      ...testEnv(),
      REDIS_URL: redis.toString(),
      REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
    });
    queue = new Queue(`slow-start-${process.pid}`, bullOptions(config, 'producer'));
    queue.on('error', () => undefined);
  });
  afterAll(async () => {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    proxy.close();
  });

  // BullMQ reads the Redis version with INFO once per connection and keeps the outcome: a
  // timeout there used to leave the queue refusing every job with "Command timed out" until
  // the process restarted (seen in CI, on a loaded machine, as welcome jobs never queued).
  it('becomes ready and takes jobs', async () => {
    await expect(queue.waitUntilReady()).resolves.toBeUndefined();
    const job = await queue.add('probe', { n: 1 });
    expect(await queue.getJob(job.id!)).toMatchObject({ name: 'probe', data: { n: 1 } });
  });
});
