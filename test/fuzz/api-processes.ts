import { readFileSync } from 'node:fs';
import { envSchema } from '../../src/config/env.schema.js';
import { freePort, type RunningProcess, startProcess } from '../support/processes.js';
import { waitFor } from '../support/wait-for.js';
import type { TokenSettings } from './tokens.js';

/** The signing settings the fuzzed API gets, so the fuzzer can forge tokens against them. */
export const TOKEN_SETTINGS: TokenSettings = {
  // Public (listed in src/config/public-secrets.ts): production refuses it.
  secret: 'fuzzer-only-public-jwt-secret-never-deploy-000',
  issuer: 'conduit',
  audience: 'conduit-api',
  keyId: 'primary',
};

/** Under load the API can take a while to boot; a deadline, not a sleep. */
const BOOT_DEADLINE_MS = 90_000;

export interface FuzzedApi {
  process: RunningProcess;
  baseUrl: string;
  port: number;
  /** The error lines the API logged for one request id (the cause of a 5xx). */
  loggedErrors(requestId: string): string[];
  /** CPU seconds the process has used so far (Linux; undefined elsewhere). */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

/**
 * The built API as a real process on a free port. `limits: 'default'` keeps the production
 * rate limits; otherwise they are far out of reach, as in the test environment, so that 429
 * answers do not hide everything else.
 */
export async function startApi(
  env: Record<string, string>,
  limits: 'high' | 'default',
): Promise<FuzzedApi> {
  const port = await freePort();
  const highLimits = { RATE_LIMIT_MAX: '1000000', AUTH_RATE_LIMIT_MAX: '1000000' };
  const defaults = envSchema.parse({});
  const defaultLimits = {
    RATE_LIMIT_MAX: String(defaults.RATE_LIMIT_MAX),
    AUTH_RATE_LIMIT_MAX: String(defaults.AUTH_RATE_LIMIT_MAX),
  };
  const api = startProcess('main', {
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    LOG_FORMAT: 'json',
    JWT_SECRET: TOKEN_SETTINGS.secret,
    JWT_ISSUER: TOKEN_SETTINGS.issuer,
    JWT_AUDIENCE: TOKEN_SETTINGS.audience,
    CORS_ORIGINS: 'http://allowed.example',
    API_DOCS_ENABLED: 'true',
    ...(limits === 'high' ? highLimits : defaultLimits),
  });
  try {
    await waitUntilLive(api, port);
  } catch (error) {
    await stop(api);
    throw error;
  }
  return {
    process: api,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    loggedErrors: (requestId) =>
      api
        .output()
        .split('\n')
        .filter((line) => line.includes(`"${requestId}"`))
        .map(errorOf),
    cpuSeconds: () => cpuSeconds(api.child.pid),
    stop: () => stop(api),
  };
}

/** Polls /health/live (the API logs nothing below "error" here, so no "listening" line). */
async function waitUntilLive(api: RunningProcess, port: number): Promise<void> {
  const exited = () => api.child.exitCode !== null;
  const live = () =>
    fetch(`http://127.0.0.1:${port}/health/live`).then(
      (response) => response.ok,
      () => false,
    );
  await waitFor(async () => exited() || (await live()), {
    description: 'the fuzzed API to be live',
    timeoutMs: BOOT_DEADLINE_MS,
    intervalMs: 100,
    context: () => api.output(),
  });
  if (exited()) throw new Error(`the API exited on start:\n${api.output()}`);
}

/** The message of a JSON log line's error, or the line itself. */
function errorOf(line: string): string {
  try {
    const record = JSON.parse(line) as {
      err?: { type?: string; message?: string; code?: string };
      msg?: string;
    };
    const { err } = record;
    return err
      ? `${err.type ?? 'Error'}${err.code ? ` ${err.code}` : ''}: ${err.message}`
      : (record.msg ?? line);
  } catch {
    return line;
  }
}

/** CPU seconds (user + system) a process has used. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat (after the name in parentheses): user and system
    // time, in ticks of 1/100 s on Linux.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** SIGTERM, as an orchestrator would; SIGKILL if it has not exited within the deadline. */
async function stop(api: RunningProcess): Promise<void> {
  if (api.child.exitCode !== null || api.child.signalCode !== null) return;
  api.child.kill('SIGTERM');
  const timer = setTimeout(() => api.child.kill('SIGKILL'), 20_000);
  await api.exited;
  clearTimeout(timer);
}
