import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { AppLogger } from './infra/logger/app-logger.js';
import { configureHttp } from './platform/http/configure-http.js';
import { ImageError } from './modules/images/images.errors.js';
import { IMAGE_UPLOAD_ROUTES } from './modules/images/upload/image-uploads.controller.js';
import { createFastifyAdapter } from './platform/http/fastify-adapter.factory.js';
import { registerApiDocs } from './platform/openapi/api-docs.js';

export interface ApiAppOptions {
  /** Where log lines go instead of stdout (tests capture them). */
  logDestination?: DestinationStream;
}

/** Builds the API application (not yet listening); shared by main.ts and the e2e tests. */
export async function createApiApp(
  config: AppConfig,
  options: ApiAppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.logDestination),
    createFastifyAdapter(config),
    { bufferLogs: true, abortOnError: false, bodyParser: false },
  );
  app.useLogger(app.get(AppLogger));
  configureHttp(app, config, {
    routes: IMAGE_UPLOAD_ROUTES,
    maxBytes: config.images.maxBytes,
    tooLarge: () => ImageError.tooLarge(config.images.maxBytes),
  });
  if (config.http.apiDocs) registerApiDocs(app);
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  return app;
}
