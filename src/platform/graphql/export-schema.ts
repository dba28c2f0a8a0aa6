import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { AppModule } from '../../app.module.js';
import { loadConfig } from '../../config/load-config.js';
import { findResolvers } from './resolvers.js';

// Prints the GraphQL schema the API serves, from the code alone (no Postgres, no Redis):
//   (no flag)  SDL to stdout
//   --write    into schema.graphql
//   --check    exit 1 with a diff when schema.graphql differs from the code (CI)
// Run from the repository root after a build; test/e2e/graphql-schema checks the served schema.

const SCHEMA_FILE = 'schema.graphql';
const HEADER = [
  '# The GraphQL schema served at /graphql, generated from the resolvers and models: do not edit.',
  '# Regenerate with `npm run build && npm run schema:export`; CI fails when it drifts.',
].join('\n');

async function schemaFileText(): Promise<string> {
  // Defaults only: the module graph, not the environment, decides which resolvers exist.
  const resolvers = await findResolvers(AppModule.forRoot(loadConfig({})));
  const context = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, {
    logger: false,
  });
  try {
    const schema = await context.get(GraphQLSchemaFactory).create(resolvers);
    return `${HEADER}\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
  } finally {
    await context.close();
  }
}

function committedText(): string {
  try {
    return readFileSync(SCHEMA_FILE, 'utf8');
  } catch {
    return '';
  }
}

function check(generated: string): number {
  if (committedText() === generated) {
    console.log(`${SCHEMA_FILE} matches the schema generated from the code.`);
    return 0;
  }
  console.error(
    `${SCHEMA_FILE} differs from the schema generated from the code (- committed, + code).\n` +
      'Run `npm run build && npm run schema:export` and commit schema.graphql.\n',
  );
  const labels = ['--label', `${SCHEMA_FILE} (committed)`, '--label', 'generated from the code'];
  const diff = spawnSync('diff', ['-u', ...labels, SCHEMA_FILE, '-'], {
    input: generated,
    encoding: 'utf8',
  });
  console.error(diff.stdout || diff.error?.message || '(no diff available)');
  return 1;
}

const generated = await schemaFileText();
if (process.argv.includes('--check')) process.exitCode = check(generated);
else if (process.argv.includes('--write')) writeFileSync(SCHEMA_FILE, generated);
else process.stdout.write(generated);
