import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { AppConfig } from '../../config/app-config.js';
import { currentTraceContext } from '../telemetry/current-trace-context.js';
import { CENSORED, censorSecrets } from './censor.js';
import { stdoutDestination } from './log-destination.js';
import { requestLogContext } from './request-context.js';
import { traceContextMixin } from './trace-context.mixin.js';

/** Request id and trace ids on every line, from the request being served (if any). */
function logContextMixin(): Record<string, string> {
  const request = requestLogContext.getStore();
  // The trace of the work at hand, sampled or not (an unsampled request has no active span).
  const fields = traceContextMixin(currentTraceContext(request));
  if (request) fields.request_id = request.requestId;
  return fields;
}

/** pino's error serializer, minus the bound values TypeORM's QueryFailedError carries. */
function serializeError(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  if ('parameters' in serialized) serialized.parameters = CENSORED;
  return censorSecrets(serialized);
}

/**
 * The process's one pino logger, shared by the API and the worker. Lines go to stdout (JSON in
 * batches, or pretty in development) unless a destination is given (tests capture logs that way).
 */
export function createRootLogger(
  config: AppConfig,
  service: string,
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    name: service,
    level: config.log.level,
    mixin: logContextMixin,
    formatters: { log: (fields) => censorSecrets(fields) },
    serializers: { err: serializeError },
    ...(config.log.pretty && !destination
      ? { transport: { target: 'pino-pretty', options: { singleLine: true } } }
      : {}),
  };
  if (destination) return pino(options, destination);
  if (config.log.pretty) return pino(options);
  return pino(options, stdoutDestination(config.log.bufferBytes));
}
