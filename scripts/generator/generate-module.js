// `npm run generate:module -- <name> [--graphql] [--singular <name>] [--no-export]`: a feature
// module in the house style (docs/adding-a-feature.md walks through what it writes).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { moduleNames, NameRefused } from './names.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

function fail(message) {
  console.error(`generate:module: ${message}`);
  process.exit(2);
}

let options;
try {
  options = parseArgs({
    allowPositionals: true,
    options: {
      graphql: { type: 'boolean', default: false },
      singular: { type: 'string' },
      'no-export': { type: 'boolean', default: false },
    },
  });
} catch (error) {
  fail(
    `${error.message}\nusage: npm run generate:module -- <name> [--graphql] [--singular <name>]`,
  );
}
if (options.positionals.length > 1) fail(`one name, not ${options.positionals.length}`);

let names;
try {
  names = moduleNames(root, options.positionals[0], options.values.singular);
} catch (error) {
  if (error instanceof NameRefused) fail(error.message);
  throw error;
}

// Migrations run in timestamp order: a clock behind the newest migration must not go first.
const newest = Math.max(
  0,
  ...readdirSync(join(root, 'migrations')).map((file) => parseInt(file, 10) || 0),
);
const timestamp = Math.max(Date.now(), newest + 1);

// Imported once the input is known good, so a refusal answers at once.
const { default: nodePlop } = await import('node-plop');
const plop = await nodePlop(join(here, 'plopfile.js'), { destBasePath: root, force: false });
const result = await plop
  .getGenerator('module')
  .runActions({ ...names, graphql: options.values.graphql, timestamp });
if (result.failures.length > 0) {
  for (const failure of result.failures)
    console.error(`generate:module: ${failure.path}: ${failure.error}`);
  fail('stopped; files written before the failure are listed above and may need removing');
}

// node-plop reports each file as its path under the repository root, after " -> " for addMany.
const files = result.changes
  .flatMap((change) =>
    change.type === 'addMany' ? change.path.split('\n -> ').slice(1) : [change.path],
  )
  .map((file) => file.trim().replace(/^\//, ''));
console.log(`Wrote:\n${files.map((file) => `  ${file}`).join('\n')}`);

const run = (command, args) => {
  const status = spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status;
  if (status !== 0) fail(`\`${command} ${args.join(' ')}\` failed (exit ${status})`);
};
run(join(root, 'node_modules/.bin/prettier'), ['--write', '--log-level=warn', ...files]);
if (!options.values['no-export']) {
  // The contract files come from the built code (CONTRIBUTING.md, "Changing the contract").
  run('npm', ['run', '--silent', 'build']);
  run('npm', ['run', '--silent', 'schema:export']);
  run('npm', ['run', '--silent', 'openapi:export']);
}
console.log(`
Next: npm run migration:run (your database), then npm test -- ${names.plural.kebab}.
Then docs/adding-a-feature.md: the rules, the README's API table, docs/errors.md's codes.`);
