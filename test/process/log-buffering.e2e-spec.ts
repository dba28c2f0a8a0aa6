import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { waitFor } from '../support/wait-for.js';

const ROOT_LOGGER = pathToFileURL(resolve('dist/src/infra/logger/root-logger.js')).href;

/**
 * Where the process's stdout goes: a socket pair (what Node's `spawn` and process managers
 * give), or a named pipe (what container runtimes give: Docker's and containerd's log FIFOs).
 */
type Stdout = 'socket' | 'fifo';

/** A named pipe's read end, opened before its writer so that neither open waits. */
function fifoPair(): { reader: Socket; writeFd: number; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'log-fifo-'));
  const path = join(dir, 'stdout');
  execFileSync('mkfifo', [path]);
  const reader = new Socket({ fd: openSync(path, constants.O_RDONLY | constants.O_NONBLOCK) });
  const writeFd = openSync(path, constants.O_WRONLY);
  return { reader, writeFd, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A process that logs through the service's root logger (JSON to stdout, buffered as in
 * production), then runs `then`: the lines it logged must reach stdout however it ends.
 */
function logThen(then: string, { bufferBytes = 4096, stdout: kind = 'socket' } = {}) {
  const script = `
    const { createRootLogger } = await import(${JSON.stringify(ROOT_LOGGER)});
    const logger = createRootLogger({ log: { level: 'info', pretty: false, bufferBytes: ${bufferBytes} } }, 'log-test');
    logger.info('first line');
    logger.warn({ detail: 42 }, 'last line before the end');
    ${then}
  `;
  const fifo = kind === 'fifo' ? fifoPair() : undefined;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', fifo?.writeFd ?? 'pipe', 'pipe'],
  });
  if (fifo) closeSync(fifo.writeFd);
  const output = fifo?.reader ?? child.stdout!;
  let stdout = '';
  let stderr = '';
  // Decoded across chunks: a character split between two reads must not become two halves.
  output.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  output.on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  // A named pipe's reader closes once the child is gone (or once a test closes it).
  void exited.then(() => fifo && once(output, 'close').finally(fifo.remove));
  const lines = () =>
    stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; level: number });
  return { child, output, exited, lines, stderr: () => stderr };
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
    const proc = logThen('process.exit(0);', { bufferBytes: 16_000 });
    expect(await proc.exited).toBe(0);
    expect(messages(proc.lines())).toEqual(['first line', 'last line before the end']);
  });

  it('are each written at once with LOG_BUFFER_BYTES=0', async () => {
    const proc = logThen('setInterval(() => {}, 1000);', { bufferBytes: 0 });
    try {
      await waitFor(() => proc.lines().length === 2, { description: 'both lines on stdout' });
      expect(proc.lines()[1]).toMatchObject({ msg: 'last line before the end', detail: 42 });
    } finally {
      proc.child.kill();
    }
  });
});

/**
 * A process that logs `count` numbered lines through the root logger, a few hundred per turn of
 * the event loop, says so on stderr, then runs `then`.
 */
function logMany(count: number, then: string, stdout: Stdout) {
  return logThen(
    `
    let next = 0;
    const burst = () => {
      for (const end = Math.min(next + 500, ${count}); next < end; next++) {
        logger.info({ seq: next, text: 'ünïcødé ✓ 🚀 "quoted" \\\\ ' + 'x'.repeat(next % 300) }, 'numbered');
      }
      if (next < ${count}) setImmediate(burst);
      else { process.stderr.write('logged\\n'); ${then} }
    };
    burst();
  `,
    { stdout },
  );
}

/** Every numbered line, once, in order, with its text intact. */
function expectNumbered(lines: { msg: string; level: number }[], count: number) {
  const numbered = lines.filter((line) => line.msg === 'numbered') as unknown as {
    seq: number;
    text: string;
  }[];
  expect(numbered.map((line) => line.seq)).toEqual(Array.from({ length: count }, (_, i) => i));
  for (const line of numbered) {
    expect(line.text).toBe(`ünïcødé ✓ 🚀 "quoted" \\ ${'x'.repeat(line.seq % 300)}`);
  }
}

describe.each<Stdout>(['fifo', 'socket'])(
  'buffered log lines behind a reader that stalls (%s)',
  (stdout) => {
    const COUNT = 20_000;

    it('keep the process running, and arrive in order, whole, once the reader resumes', async () => {
      const proc = logMany(COUNT, 'setInterval(() => {}, 1000);', stdout);
      try {
        // Several megabytes against a pipe of 64 KB: the writes fail with EAGAIN until it drains.
        proc.output.pause();
        await waitFor(() => proc.stderr().includes('logged'), {
          description: 'the process logging on while nobody reads its stdout',
          context: () => proc.stderr(),
        });
        proc.output.resume();
        await waitFor(() => proc.lines().length === COUNT + 2, {
          description: `all ${COUNT + 2} lines on stdout`,
          context: () => `${proc.lines().length} lines; ${proc.stderr()}`,
        });
        expectNumbered(proc.lines(), COUNT);
      } finally {
        proc.child.kill();
      }
    });

    // On a named pipe only: on a socket, the batch the thread pool is writing when the process
    // exits may be cut off (log-destination.ts).
    if (stdout === 'fifo') {
      it('are all written when the process exits while its reader is stalled', async () => {
        const proc = logMany(COUNT, 'process.exit(0);', stdout);
        proc.output.pause();
        await waitFor(() => proc.stderr().includes('logged'), {
          description: 'the process done logging',
          context: () => proc.stderr(),
        });
        proc.output.resume();
        expect(await proc.exited).toBe(0);
        await waitFor(() => proc.lines().length === COUNT + 2, {
          description: `all ${COUNT + 2} lines read`,
          context: () => `${proc.lines().length} lines`,
        });
        expectNumbered(proc.lines(), COUNT);
      });
    }
  },
);

describe.each<Stdout>(['fifo', 'socket'])(
  'logging to a stdout nobody reads any more (%s)',
  (stdout) => {
    it('goes on quietly: no crash, and the process ends as it meant to', async () => {
      // Lines logged only once the reader is gone (the signal says so); then nothing holds the
      // process but the writes of those lines, so it ends as soon as they have failed.
      const proc = logThen(
        `const alive = setInterval(() => {}, 1000);
        process.once('SIGUSR2', () => {
          clearInterval(alive);
          for (let i = 0; i < 5000; i++) logger.info({ i }, 'into the void');
          process.exitCode = 7;
          process.stderr.write('logged\\n');
        });
        process.stderr.write('listening\\n');`,
        { stdout },
      );
      await waitFor(() => proc.lines().length === 2 && proc.stderr().includes('listening'), {
        description: 'the first two lines, and the process waiting for its signal',
        context: () => proc.stderr(),
      });
      const closed = once(proc.output, 'close');
      proc.output.destroy();
      await closed;
      proc.child.kill('SIGUSR2');
      expect(await proc.exited).toBe(7);
      expect(proc.stderr()).toContain('logged');
      expect(proc.stderr()).not.toMatch(/EPIPE|Error/);
    });
  },
);
