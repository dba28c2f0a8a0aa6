import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { loadConfig } from '../../src/config/load-config.js';
import { bullOptions } from '../../src/infra/queue/queue-connection.js';
import { testEnv } from '../setup/test-environment.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const COMMAND_TIMEOUT_MS = 300;

describe('a producer queue whose first commands answer late', () => {
  let proxy: TcpProxy;
  let queue: Queue;
  beforeAll(async () => {
    const redis = new URL(process.env.REDIS_URL!);
    // Each connection's second INFO (the first is ioredis's own ready check) answers late: a
    // Redis, or a machine, busy for a moment just as the API starts.
    proxy = await new TcpProxy(redis.hostname, Number(redis.port || 6379))
      .answerLate(/\r\ninfo\r\n/i, 2, COMMAND_TIMEOUT_MS * 5)
      .start();
    redis.host = `127.0.0.1:${proxy.port}`;
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
    await proxy.cut();
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
