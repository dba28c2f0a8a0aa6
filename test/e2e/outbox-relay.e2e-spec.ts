import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { addToOutbox } from '../../src/platform/outbox/outbox.js';
import { OutboxRelay } from '../../src/platform/outbox/outbox-relay.js';
import { freePort } from '../support/processes.js';
import { testEnv } from '../setup/test-environment.js';

describe('Outbox relay (real Postgres, Redis and BullMQ)', () => {
  let config: AppConfig;
  let db: DataSource;
  beforeAll(async () => {
    config = loadConfig(testEnv());
    db = new DataSource({ type: 'postgres', url: config.database.url });
    await db.initialize();
  });
  afterAll(() => db.destroy());

  // A queue of its own per test: no worker consumes it, so what the relay added stays visible.
  const queueName = () => `outbox-test-${randomBytes(4).toString('hex')}`;
  const openQueue = (name: string) =>
    new Queue(name, {
      connection: { url: config.redis.url },
      prefix: `${config.redis.keyPrefix}bull`,
    });
  const write = (queue: string, count: number) =>
    db.transaction(async (manager) => {
      for (let i = 0; i < count; i++) {
        await addToOutbox(manager, {
          queue,
          name: 'noop',
          jobId: `${queue}-job-${i}`,
          payload: { i },
          options: { attempts: 1 },
        });
      }
    });
  const pending = async (queue: string) =>
    (await db.query('SELECT count(*)::int AS n FROM outbox_messages WHERE queue = $1', [queue]))[0]
      .n as number;

  it('relays every message exactly once, however many relays run at the same time', async () => {
    const name = queueName();
    await write(name, 30);
    const relays = [
      new OutboxRelay(db, config),
      new OutboxRelay(db, config),
      new OutboxRelay(db, config),
    ];
    await Promise.all(relays.map((relay) => relay.drain()));
    await Promise.all(relays.map((relay) => relay.onModuleDestroy()));

    const queue = openQueue(name);
    try {
      expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 30 });
      const jobs = await queue.getJobs(['waiting']);
      expect(new Set(jobs.map((job) => job.id)).size).toBe(30);
    } finally {
      await queue.close();
    }
    expect(await pending(name)).toBe(0);
  });

  it('adds nothing twice when a message is relayed again (a relay died before deleting it)', async () => {
    const name = queueName();
    await write(name, 1);
    const queue = openQueue(name);
    try {
      // The job is in BullMQ already, as if a relay had added it and crashed.
      await queue.add('noop', { i: 0 }, { jobId: `${name}-job-0` });
      const relay = new OutboxRelay(db, config);
      expect(await relay.drain()).toBe(1);
      await relay.onModuleDestroy();
      expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
      expect(await pending(name)).toBe(0);
    } finally {
      await queue.close();
    }
  });

  it('keeps the message, with the error and a retry time, while Redis is unreachable', async () => {
    const name = queueName();
    await write(name, 1);
    const unreachable = {
      ...config,
      redis: { ...config.redis, url: `redis://127.0.0.1:${await freePort()}` },
    };
    const relay = new OutboxRelay(db, unreachable);
    expect(await relay.drain()).toBe(0);
    await relay.onModuleDestroy();
    const [message] = await db.query(
      'SELECT attempts, last_error, available_at > now() AS later FROM outbox_messages WHERE queue = $1',
      [name],
    );
    expect(message).toMatchObject({ attempts: 1, last_error: expect.any(String), later: true });
    await db.query('DELETE FROM outbox_messages WHERE queue = $1', [name]);
  });
});
