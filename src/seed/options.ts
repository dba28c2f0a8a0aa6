import { parseArgs } from 'node:util';
import { pairCapacity } from './pairs.js';
import { MAX_SEED } from './random.js';
import { SeedError } from './seed-error.js';

export interface Counts {
  users: number;
  articles: number;
  tags: number;
  favorites: number;
  follows: number;
  comments: number;
}

export interface SeedOptions {
  counts: Counts;
  seed: number;
  reset: boolean;
  help: boolean;
}

export const DEFAULT_COUNTS: Readonly<Counts> = {
  users: 1_000,
  articles: 10_000,
  tags: 50,
  favorites: 30_000,
  follows: 5_000,
  comments: 20_000,
};

export const USAGE = `Usage: npm run seed -- [options]

Fills an empty database with realistic Conduit data (users, articles, tags, favorites,
follows, comments). Every seeded user's password is printed at the end.

  --users <n>       users to create              (default ${DEFAULT_COUNTS.users})
  --articles <n>    articles                     (default ${DEFAULT_COUNTS.articles})
  --tags <n>        distinct tags                (default ${DEFAULT_COUNTS.tags}, not scaled)
  --favorites <n>   favorites                    (default ${DEFAULT_COUNTS.favorites})
  --follows <n>     follows                      (default ${DEFAULT_COUNTS.follows})
  --comments <n>    comments                     (default ${DEFAULT_COUNTS.comments})
  --scale <x>       multiplies every default but --tags, e.g. 0.1 or 10
  --seed <n>        random seed (0-${MAX_SEED}); the same seed gives the same content
  --reset           delete all existing content first (seeding is refused when NODE_ENV=production)
  --help            show this text
`;

// One string flag per count; parseArgs needs the literal shape to type its result.
const COUNT_OPTIONS = {
  users: { type: 'string' },
  articles: { type: 'string' },
  tags: { type: 'string' },
  favorites: { type: 'string' },
  follows: { type: 'string' },
  comments: { type: 'string' },
} as const;
const COUNT_NAMES = Object.keys(COUNT_OPTIONS) as Array<keyof Counts>;

function wholeNumber(name: string, text: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > max) {
    throw new SeedError(`--${name} must be a whole number from 0 to ${max}, not "${text}"`, 64);
  }
  return value;
}

function scaleFactor(text: string | undefined): number {
  const value = Number(text ?? '1');
  if (!Number.isFinite(value) || value <= 0) {
    throw new SeedError(`--scale must be a positive number, not "${text}"`, 64);
  }
  return value;
}

/** Reads the command line; exit code 64 (EX_USAGE) on a bad flag. */
export function parseSeedOptions(argv: readonly string[]): SeedOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        ...COUNT_OPTIONS,
        scale: { type: 'string' },
        seed: { type: 'string', default: '1' },
        reset: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new SeedError(`${(error as Error).message}\n\n${USAGE}`, 64);
  }
  const { values } = parsed;
  const scale = scaleFactor(values.scale);
  const explicit = new Set(COUNT_NAMES.filter((name) => values[name] !== undefined));
  const counts = { ...DEFAULT_COUNTS };
  for (const name of COUNT_NAMES) {
    const given = values[name];
    if (typeof given === 'string') counts[name] = wholeNumber(name, given);
    else if (name !== 'tags') counts[name] = Math.round(DEFAULT_COUNTS[name] * scale);
  }
  return {
    counts: fitCounts(counts, explicit),
    seed: wholeNumber('seed', values.seed, MAX_SEED),
    reset: values.reset,
    help: values.help,
  };
}

/** Scaled defaults shrink to what the users and articles allow; explicit counts must fit. */
function fitCounts(counts: Counts, explicit: ReadonlySet<string>): Counts {
  const { users, articles } = counts;
  const follows = pairCapacity({ left: users, right: users, allowSame: false });
  const favorites = pairCapacity({ left: users, right: articles, allowSame: true });
  const limits: Array<[keyof Counts, number, string]> = [
    ['articles', users === 0 ? 0 : Infinity, 'articles need at least one user'],
    ['follows', follows, `${users} users allow at most ${follows} distinct follows`],
    ['favorites', favorites, `${users} users and ${articles} articles allow ${favorites}`],
    ['comments', users && articles ? Infinity : 0, 'comments need a user and an article'],
  ];
  const fitted = { ...counts };
  for (const [name, limit, reason] of limits) {
    if (fitted[name] <= limit) continue;
    if (explicit.has(name))
      throw new SeedError(`--${name} ${fitted[name]} is too many: ${reason}`, 64);
    fitted[name] = limit;
  }
  return fitted;
}
