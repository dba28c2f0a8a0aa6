/**
 * The OpenAPI document of the REST API, from the code alone (no Postgres, no Redis):
 * `npm run openapi:export` writes openapi.json, `npm run openapi:check` fails when it drifts.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/load-config.js';
import { createFastifyAdapter } from '../platform/http/fastify-adapter.factory.js';
import { buildOpenApiDocument } from '../platform/openapi/openapi-document.js';
import { finishGeneratedFile } from './generated-file.js';

async function documentText(): Promise<string> {
  // Defaults only: the module graph, not the environment, decides which routes exist. Preview
  // mode resolves the graph without instantiating providers, so nothing connects anywhere.
  const config = loadConfig({});
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createFastifyAdapter(config),
    { preview: true, logger: false, abortOnError: false },
  );
  try {
    return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

finishGeneratedFile('openapi.json', await documentText(), 'openapi:export');
