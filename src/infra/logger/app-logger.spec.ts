import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import pino from 'pino';
import { AppLogger } from './app-logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: new AppLogger(pino({ level: 'trace' }, stream)) };
}

describe('AppLogger (Nest LoggerService over pino)', () => {
  it('writes the context, and the message after an object of fields', () => {
    const { lines, logger } = capture();
    logger.log('plain', 'Users');
    logger.error({ request_id: 'r-1' }, 'what failed', 'HttpErrors');
    expect(lines[0]).toMatchObject({ level: 30, msg: 'plain', context: 'Users' });
    expect(lines[1]).toMatchObject({
      level: 50,
      msg: 'what failed',
      request_id: 'r-1',
      context: 'HttpErrors',
    });
  });

  it("keeps a Nest exception handler's stack as the error's", () => {
    const { lines, logger } = capture();
    logger.error('boom', 'Error: boom\n    at somewhere (file.js:1:1)', 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({ msg: 'boom', context: 'ExceptionsHandler' });
    expect((lines[0].err as { stack: string }).stack).toContain('at somewhere');
  });
});
