// PasswordHasher is a Nest provider: its decorators need the Reflect metadata API loaded first.
import 'reflect-metadata';
import pg from 'pg';
import { seedEnvironment } from './environment.js';
import { parseSeedOptions, USAGE, type SeedOptions } from './options.js';
import { fillDatabase, SEED_PASSWORD } from './pipeline.js';
import { SeedError } from './seed-error.js';
import { StageTimer } from './summary.js';

/** Where the data went, without any password in the URL. */
function describeDatabase(url: string): string {
  const { host, pathname } = new URL(url);
  return `${host}${pathname}`;
}

async function connect(url: string, timeoutMs: number): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    application_name: 'conduit-seed',
  });
  try {
    await client.connect();
    return client;
  } catch (error) {
    throw new SeedError(`Cannot connect to ${describeDatabase(url)}: ${(error as Error).message}`);
  }
}

async function seed(options: SeedOptions): Promise<void> {
  const { database, isProduction } = seedEnvironment();
  // Seeded accounts share a printed password: never in production, with or without --reset.
  if (isProduction) {
    throw new SeedError(
      'Refusing to seed with NODE_ENV=production: every seeded account shares a known password.',
    );
  }
  const client = await connect(database.url, database.connectTimeoutMs);
  const timer = new StageTimer();
  try {
    const sample = await fillDatabase(client, options, timer);
    const out = [
      `Seeded ${describeDatabase(database.url)} with --seed ${options.seed}:`,
      '',
      timer.render(),
      '',
      `Every seeded user's password: ${SEED_PASSWORD}`,
    ];
    if (sample)
      out.push(`Sample login: ${sample.email} / ${SEED_PASSWORD} (username ${sample.username})`);
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await client.end();
  }
}

try {
  const options = parseSeedOptions(process.argv.slice(2));
  if (options.help) process.stdout.write(USAGE);
  else await seed(options);
} catch (error) {
  if (!(error instanceof SeedError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = error.exitCode;
}
