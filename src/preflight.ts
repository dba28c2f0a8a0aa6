/**
 * Quickstart check (`npm run up`): can Postgres and Redis be reached? Fails within seconds,
 * naming the URL it tried and how to start the service. In development it also creates the
 * database when the server is up but the database does not exist yet.
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadConfigOrExit } from './config/process-env.js';
import { redactUrl } from './infra/redis/redis-client.factory.js';

const TIMEOUT_MS = 3_000;
const DATABASE_MISSING = '3D000';

const config = loadConfigOrExit();

// docker/compose.yml runs the whole stack and publishes neither store on the host, so the hints
// start a container that matches the URL the service will dial: its port on 127.0.0.1, its user
// and database. Trust authentication accepts whatever password the URL holds (development only).
function dockerPostgres(url: string): string {
  const { port, username, pathname } = new URL(url);
  const user = decodeURIComponent(username) || 'postgres';
  const database = decodeURIComponent(pathname.slice(1)) || user;
  return (
    `docker run -d --name conduit-postgres -p 127.0.0.1:${port || 5432}:5432 ` +
    `-e POSTGRES_USER=${user} -e POSTGRES_DB=${database} ` +
    '-e POSTGRES_HOST_AUTH_METHOD=trust postgres:16-alpine'
  );
}

function dockerRedis(url: string): string {
  const { port } = new URL(url);
  return `docker run -d --name conduit-redis -p 127.0.0.1:${port || 6379}:6379 redis:7-alpine`;
}
const problems: string[] = [];

async function checkPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === DATABASE_MISSING && !config.app.isProduction) return createDatabase(url);
    problems.push(
      `Cannot reach PostgreSQL at ${redactUrl(url)}: ${message}\n` +
        `  Start one: ${dockerPostgres(url)}\n` +
        '         or: pg_ctlcluster <version> main start (Debian/Ubuntu)\n' +
        '  or point DATABASE_URL at a running server (see .env.example).',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function createDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({
    connectionString: admin.toString(),
    connectionTimeoutMillis: TIMEOUT_MS,
  });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    process.stdout.write(`Created database "${name}".\n`);
  } finally {
    await client.end();
  }
}

async function checkRedis(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => (lastError = error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    problems.push(
      `Cannot reach Redis at ${redactUrl(url)}: ${(lastError ?? (error as Error)).message}\n` +
        `  Start one: ${dockerRedis(url)}\n` +
        '         or: redis-server --daemonize yes\n' +
        '  or point REDIS_URL at a running server (see .env.example).',
    );
  } finally {
    redis.disconnect();
  }
}

await Promise.all([checkPostgres(config.database.url), checkRedis(config.redis.url)]);
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n\n')}\n`);
  process.exit(1);
}
