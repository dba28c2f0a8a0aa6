// Sums the (operationId, status) pairs the tests saw (test/setup/openapi-response-check.ts) and
// prints how many of openapi.json's pairs were validated; the full list goes to a file.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir = 'test-results/openapi-coverage', report = 'test-results/openapi-coverage.txt'] =
  process.argv.slice(2);
if (!existsSync(dir)) process.exit(0);

const document = JSON.parse(readFileSync('openapi.json', 'utf8'));
const all = Object.values(document.paths).flatMap((item) =>
  Object.values(item).flatMap((operation) =>
    Object.keys(operation.responses).map((status) => `${operation.operationId} ${status}`),
  ),
);
const seen = new Set(
  readdirSync(dir).flatMap((file) => JSON.parse(readFileSync(join(dir, file), 'utf8'))),
);

const missing = new Map();
for (const pair of all.filter((candidate) => !seen.has(candidate))) {
  const [operation, status] = pair.split(' ');
  missing.set(operation, [...(missing.get(operation) ?? []), status]);
}
const lines = [
  `OpenAPI responses validated: ${seen.size} of ${all.length} (operation, status) pairs.`,
  'Never exercised:',
  ...[...missing].map(([operation, statuses]) => `  ${operation}: ${statuses.join(', ')}`),
];
writeFileSync(report, `${lines.join('\n')}\n`);
console.log(`${lines[0]} Unexercised pairs: ${report}`);
