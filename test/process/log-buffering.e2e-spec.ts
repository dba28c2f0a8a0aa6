import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { waitFor } from '../support/wait-for.js';

const ROOT_LOGGER = pathToFileURL(resolve('dist/src/infra/logger/root-logger.js')).href;

/**
 * A process that logs through the service's root logger (JSON to stdout, buffered as in
 * production), then runs `then`: the lines it logged must reach stdout however it ends.
 */
function logThen(then: string, bufferBytes = 4096) {
  const script = `
    const { createRootLogger } = await import(${JSON.stringify(ROOT_LOGGER)});
    const logger = createRootLogger({ log: { level: 'info', pretty: false, bufferBytes: ${bufferBytes} } }, 'log-test');
    logger.info('first line');
    logger.warn({ detail: 42 }, 'last line before the end');
    ${then}
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const lines = () =>
    stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; level: number });
  return { child, exited, lines, stderr: () => stderr };
}

const messages = (lines: { msg: string }[]) => lines.map((line) => line.msg);

/** Log lines are written in batches; none may be lost to the batching. */
describe('buffered log lines', () => {
  it('reach stdout while the process keeps running, without more lines to fill the buffer', async () => {
    const proc = logThen('setInterval(() => {}, 1000);');
    try {
      await waitFor(() => proc.lines().length === 2, {
        description: 'both lines on stdout of a process that is still running',
        context: () => proc.stderr(),
      });
      expect(messages(proc.lines())).toEqual(['first line', 'last line before the end']);
      expect(proc.child.exitCode).toBeNull();
    } finally {
      proc.child.kill();
    }
  });

  it('are all written when the process exits on its own', async () => {
    const proc = logThen('process.exit(3);');
    expect(await proc.exited).toBe(3);
    expect(messages(proc.lines())).toEqual(['first line', 'last line before the end']);
  });

  it('are all written when the process dies of an uncaught exception', async () => {
    const proc = logThen("setImmediate(() => { throw new Error('boom'); });");
    expect(await proc.exited).toBe(1);
    expect(proc.stderr()).toContain('boom');
    expect(messages(proc.lines())).toEqual(['first line', 'last line before the end']);
  });

  it('reach stdout with the largest batch LOG_BUFFER_BYTES allows', async () => {
    const proc = logThen('process.exit(0);', 16_000);
    expect(await proc.exited).toBe(0);
    expect(messages(proc.lines())).toEqual(['first line', 'last line before the end']);
  });

  it('are each written at once with LOG_BUFFER_BYTES=0', async () => {
    const proc = logThen('setInterval(() => {}, 1000);', 0);
    try {
      await waitFor(() => proc.lines().length === 2, { description: 'both lines on stdout' });
      expect(proc.lines()[1]).toMatchObject({ msg: 'last line before the end', detail: 42 });
    } finally {
      proc.child.kill();
    }
  });
});
