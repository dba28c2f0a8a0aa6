import { performance } from 'node:perf_hooks';
import type { Command, Redis } from 'ioredis';
import type { Metrics } from './metrics.js';

/** Command names are the code's own; the check only keeps a malformed one from becoming a label. */
const COMMAND_NAME = /^[a-z][a-z0-9._-]{0,31}$/;

type SendCommand = (command: Command, ...rest: unknown[]) => unknown;

/**
 * Times each command of one client, from the moment it is handed to ioredis until its reply
 * (pipelined and auto-pipelined commands pass through here one by one too). BullMQ's own
 * connections are left out on purpose: their blocking reads wait for jobs by design, and
 * would drown the figures of the request path.
 */
export function timeRedisCommands(client: Redis, metrics: Metrics): void {
  if (!metrics.enabled) return;
  const duration = metrics.histogram('dbOperationDuration');
  const send = client.sendCommand.bind(client) as SendCommand;
  (client as unknown as { sendCommand: SendCommand }).sendCommand = (command, ...rest) => {
    const start = performance.now();
    const result = send(command, ...rest);
    const name = COMMAND_NAME.test(command.name) ? command.name : '_OTHER';
    const done = () =>
      duration.observe(
        { db_system_name: 'redis', db_operation_name: name },
        (performance.now() - start) / 1000,
      );
    command.promise.then(done, done);
    return result;
  };
}
