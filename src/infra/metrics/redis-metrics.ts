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
  const labelsByCommand = new Map<string, { db_system_name: string; db_operation_name: string }>();
  const labelsFor = (name: string) => {
    let labels = labelsByCommand.get(name);
    if (!labels) {
      const operation = COMMAND_NAME.test(name) ? name : '_OTHER';
      labels = { db_system_name: 'redis', db_operation_name: operation };
      labelsByCommand.set(name, labels);
    }
    return labels;
  };
  const send = client.sendCommand.bind(client) as SendCommand;
  (client as unknown as { sendCommand: SendCommand }).sendCommand = (command, ...rest) => {
    const start = performance.now();
    // Hooked into the command's own settle functions rather than its promise: no extra promise
    // and no extra microtask per command. Before sending: a client that is down rejects at once.
    const { resolve, reject } = command;
    const labels = labelsFor(command.name);
    command.resolve = (value: unknown) => {
      duration.observe(labels, (performance.now() - start) / 1000);
      resolve(value);
    };
    command.reject = (error: Error) => {
      duration.observe(labels, (performance.now() - start) / 1000);
      reject(error);
    };
    return send(command, ...rest);
  };
}
