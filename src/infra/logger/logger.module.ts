import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { DestinationStream, Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AppLogger } from './app-logger.js';
import { createRootLogger } from './root-logger.js';

/** The process's pino logger, for code that logs structured fields directly. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * Structured JSON logging (pretty in development), with the request id and trace ids on each
 * line. `app.useLogger(app.get(AppLogger))` routes Nest's own Logger through it.
 */
@Global()
@Module({})
export class LoggerModule {
  static forService(service: string, destination?: DestinationStream): DynamicModule {
    return {
      module: LoggerModule,
      providers: [
        {
          provide: ROOT_LOGGER,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => createRootLogger(config, service, destination),
        },
        {
          provide: AppLogger,
          inject: [ROOT_LOGGER],
          useFactory: (root: Logger) => new AppLogger(root),
        },
      ],
      exports: [ROOT_LOGGER, AppLogger],
    };
  }
}
