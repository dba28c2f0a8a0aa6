// `npm run fuzz`: the fuzzer on its own database and Redis prefix, made and removed the way
// jest's global setup and teardown make and remove them. Options: see parseOptions.
import { parseArgs } from 'node:util';
import globalSetup from '../setup/global-setup.js';
import globalTeardown from '../setup/global-teardown.js';
import { formatReport } from './report.js';
import { runFuzz } from './run-fuzz.js';

const DEFAULTS = { seed: 1, requests: 5_000, concurrency: 4, limitsShare: 0.06 };

function parseOptions() {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      requests: { type: 'string' },
      concurrency: { type: 'string' },
      'limits-share': { type: 'string' },
      only: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const number = (value: string | undefined, fallback: number) => {
    const parsed = value === undefined || value === '' ? fallback : Number(value);
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`not a number: ${value}`);
    return parsed;
  };
  // FUZZ_SEED and FUZZ_REQUESTS stand in for the two options people change most.
  const env = process.env;
  return {
    seed: number(values.seed ?? env.FUZZ_SEED, DEFAULTS.seed),
    requests: number(values.requests ?? env.FUZZ_REQUESTS, DEFAULTS.requests),
    concurrency: Math.max(1, number(values.concurrency, DEFAULTS.concurrency)),
    limitsShare: Math.min(1, number(values['limits-share'], DEFAULTS.limitsShare)),
    only: values.only === undefined ? undefined : new RegExp(values.only),
    keep: values.keep === true,
  };
}

/** Runs the fuzzer between setup and teardown; the exit code says whether anything was found. */
async function main(): Promise<number> {
  const options = parseOptions();
  await globalSetup();
  try {
    const env = process.env as Record<string, string>;
    const result = await runFuzz({
      ...options,
      keepApi: options.keep,
      env: {
        DATABASE_URL: env.DATABASE_URL,
        REDIS_URL: env.REDIS_URL,
        REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX,
        STORAGE_DIR: env.STORAGE_DIR,
      },
      log: (line) => console.log(`fuzz: ${line}`),
    });
    const only = options.only ? ` --only '${options.only.source}'` : '';
    const rerun = `npm run fuzz -- --seed ${options.seed} --requests ${options.requests}${only}`;
    console.log(formatReport(result, rerun));
    const failed = result.findings.length > 0 || result.crash !== undefined;
    if (failed && options.keep) {
      console.log(
        '\nThe API is still running for the curl lines above; Ctrl-C stops it and cleans up.',
      );
      await new Promise((resolve) => process.once('SIGINT', resolve));
      await result.stopApis();
    }
    return failed ? 1 : 0;
  } finally {
    await globalTeardown();
  }
}

process.exit(await main());
