import { afterEach, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import {
  freePort,
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';
import { waitFor } from '../support/wait-for.js';

interface Attempt {
  /** The kernel had completed the TCP handshake before the test sent SIGTERM. */
  connectedBeforeSigterm: boolean;
  /** The status, or the error code when no answer came. */
  outcome?: string;
  settled: Promise<void>;
}

const REQUEST_EVERY_MS = 5; // about 200 requests per second, each on a new connection

/**
 * SIGTERM while the event loop is stalled: connections the kernel has accepted wait in the
 * listen queue until the process runs again. Closing the listener would reset them, and so
 * would closing, as idle, connections whose request has not been read yet. SIGSTOP stands in
 * for a busy event loop, deterministically.
 */
describe('API shutdown under load', () => {
  let api: RunningProcess | undefined;
  afterEach(() => stopProcess(api));

  it('serves every connection accepted before SIGTERM, even with no drain delay', async () => {
    const port = await freePort();
    api = startProcess('main', {
      PORT: String(port),
      HOST: '127.0.0.1',
      SHUTDOWN_DRAIN_DELAY_MS: '0',
    });
    await waitForOutput(api, 'API listening', 60_000);
    const pid = api.child.pid!;

    const attempts: Attempt[] = [];
    let sigtermSent = false;
    const send = () => {
      const attempt = { connectedBeforeSigterm: false } as Attempt;
      attempt.settled = new Promise<void>((resolve) => {
        const req = request(
          { port, host: '127.0.0.1', path: '/api/tags', agent: false },
          (response) => {
            response.resume();
            response.on('error', () => {});
            response.on('close', () => {
              attempt.outcome = response.complete ? String(response.statusCode) : 'cut short';
              resolve();
            });
          },
        );
        req.on('socket', (socket) =>
          socket.on('connect', () => (attempt.connectedBeforeSigterm = !sigtermSent)),
        );
        req.on('error', (error: NodeJS.ErrnoException) => {
          attempt.outcome = error.code ?? error.message;
          resolve();
        });
        req.end();
      });
      attempts.push(attempt);
    };
    const load = setInterval(send, REQUEST_EVERY_MS);
    try {
      const served = () => attempts.filter((attempt) => attempt.outcome === '200').length;
      await waitFor(() => served() >= 20, {
        description: 'the API to serve the load',
        intervalMs: 10,
      });

      process.kill(pid, 'SIGSTOP');
      const queuedFrom = attempts.length;
      const queued = () =>
        attempts.slice(queuedFrom).filter((attempt) => attempt.connectedBeforeSigterm).length;
      await waitFor(() => queued() >= 30, {
        description: 'connections to queue up in the kernel',
        intervalMs: 10,
      });

      sigtermSent = true;
      process.kill(pid, 'SIGTERM');
      process.kill(pid, 'SIGCONT');
      await waitFor(() => api!.child.exitCode !== null, {
        description: 'the API to exit',
        timeoutMs: 60_000,
      });
    } finally {
      clearInterval(load);
      if (api.child.exitCode === null) process.kill(pid, 'SIGCONT');
    }
    await Promise.all(attempts.map((attempt) => attempt.settled));

    const before = attempts.filter((attempt) => attempt.connectedBeforeSigterm);
    const failed = before.filter((attempt) => attempt.outcome !== '200');
    expect({ accepted: before.length, failed: failed.map((attempt) => attempt.outcome) }).toEqual({
      accepted: expect.any(Number),
      failed: [],
    });
    expect(before.length).toBeGreaterThanOrEqual(50);
    expect(await api.exited).toBe(0);
  }, 120_000);
});
