import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

/** A stack trace as Nest's exception handlers pass it: a string with "at" frames. */
const STACK_FRAME = /\n\s*at /;

/**
 * Nest's LoggerService over the root pino logger: `new Logger(Context)` anywhere in the code
 * writes one JSON line with `context`, plus the request and trace ids the mixin adds.
 */
export class AppLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /**
   * Nest calls `(message, context)`, and for errors `(message, stack, context)`: the last
   * parameter is the context, a stack before it becomes the error's. An object message is
   * merged into the line (an Error goes under `err`), with the string after it as the message.
   */
  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.root.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    let rest = params;
    if (params.length > 0) {
      fields.context = params[params.length - 1];
      rest = params.slice(0, -1);
    }
    if (message instanceof Error) {
      fields.err = message;
      this.root[level](fields, message.message);
    } else if (typeof message === 'object' && message !== null) {
      // `logger.error({ err, request_id }, 'what failed')`: the string after the object is the
      // line's message.
      this.root[level](Object.assign(fields, message), ...(rest as [string?]));
    } else if (typeof rest[0] === 'string' && STACK_FRAME.test(rest[0])) {
      const error = new Error(String(message));
      error.stack = rest[0];
      fields.err = error;
      this.root[level](fields, String(message));
    } else {
      this.root[level](fields, String(message), ...rest);
    }
  }
}
