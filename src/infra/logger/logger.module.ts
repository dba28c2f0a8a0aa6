import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { loggerParams } from './logger-options.js';

/** Structured JSON logging (pretty in development) with request ids and trace ids on each line. */
@Module({})
export class LoggerModule {
  static forService(service: string, destination?: DestinationStream): DynamicModule {
    return {
      module: LoggerModule,
      imports: [
        PinoLoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => loggerParams(config, service, destination),
        }),
      ],
    };
  }
}
