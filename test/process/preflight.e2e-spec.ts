import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { freePort } from '../support/processes.js';
import { testEnv } from '../setup/test-environment.js';

describe('Quickstart preflight (npm run up)', () => {
  it('fails within seconds when Postgres and Redis are unreachable, naming each URL and how to start it', async () => {
    const [pgPort, redisPort] = [await freePort(), await freePort()];
    const started = Date.now();
    const result = spawnSync(process.execPath, ['dist/src/preflight.js'], {
      env: {
        ...testEnv(),
        DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${pgPort}/conduit`,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    // Refused connections fail at once and each check gives up after 3 s; the rest is slack for
    // a busy machine. Retrying (ioredis' default) would go on for the whole spawn timeout.
    expect(Date.now() - started).toBeLessThan(3_000 + 7_000);
    expect(result.stderr).toContain(
      `Cannot reach PostgreSQL at postgres://postgres:***@127.0.0.1:${pgPort}/conduit`,
    );
    expect(result.stderr).toContain(`Cannot reach Redis at redis://127.0.0.1:${redisPort}`);
    // Containers that listen where the URLs point, as the user and database they name.
    expect(result.stderr).toContain(
      `docker run -d --name conduit-postgres -p 127.0.0.1:${pgPort}:5432 ` +
        '-e POSTGRES_USER=postgres -e POSTGRES_DB=conduit -e POSTGRES_HOST_AUTH_METHOD=trust',
    );
    expect(result.stderr).toContain(
      `docker run -d --name conduit-redis -p 127.0.0.1:${redisPort}:6379 redis:7-alpine`,
    );
    expect(result.stderr).not.toContain('secret');
  });

  it('passes when both answer', () => {
    const result = spawnSync(process.execPath, ['dist/src/preflight.js'], {
      env: testEnv(),
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
  });
});
