import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess } from '../support/processes.js';

describe('Starting with a bad environment', () => {
  it('stops the API at once, naming each bad variable and what is wrong', async () => {
    const api = startProcess('main', { PORT: 'eighty', JWT_SECRET: 'short', LOG_LEVEL: 'chatty' });
    expect(await api.exited).toBe(78);
    const output = api.output();
    expect(output).toContain('Invalid environment configuration');
    expect(output).toMatch(/PORT: .+/);
    expect(output).toContain('JWT_SECRET: must be at least 32 characters');
    expect(output).toMatch(/LOG_LEVEL: .+/);
    expect(output).not.toContain('short');
  });

  it('reads .env from the working directory, with the real environment taking precedence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conduit-env-'));
    try {
      writeFileSync(join(dir, '.env'), 'PORT=from-dotenv\nLOG_LEVEL=loud\n');
      const api = startProcess('main', { LOG_LEVEL: 'info' }, dir);
      expect(await api.exited).toBe(78);
      expect(api.output()).toMatch(/PORT: .+/);
      expect(api.output()).not.toMatch(/LOG_LEVEL/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to run the worker in production with the development secret', async () => {
    const worker = startProcess('worker', { NODE_ENV: 'production', JWT_SECRET: '' });
    expect(await worker.exited).toBe(78);
    expect(worker.output()).toContain(
      'JWT_SECRET: must be set to a private random value in production',
    );
  });
});
