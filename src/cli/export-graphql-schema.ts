/**
 * The GraphQL schema served at /graphql, from the code alone (no Postgres, no Redis):
 * `npm run schema:export` writes schema.graphql, `npm run schema:check` fails when it drifts.
 * test/e2e/graphql-schema checks the served schema against the file.
 */
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/load-config.js';
import { findResolvers } from '../platform/graphql/resolvers.js';
import { finishGeneratedFile } from './generated-file.js';

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

finishGeneratedFile('schema.graphql', await schemaFileText(), 'schema:export');
