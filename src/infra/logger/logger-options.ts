import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../../config/app-config.js';
import { resolveRequestId } from '../../platform/http/request-id.js';
import { REDACT_PATHS } from './redact-paths.js';
import { traceContextMixin } from './trace-context.mixin.js';

/**
 * pino + pino-http settings shared by the API and the worker. Lines go to stdout unless a
 * destination is given (tests capture logs that way).
 */
export function loggerParams(
  config: AppConfig,
  service: string,
  destination?: DestinationStream,
): Params {
  const options = {
    name: service,
    level: config.log.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    mixin: traceContextMixin,
    genReqId: (req: IncomingMessage) => resolveRequestId(req),
    // Every line logged while serving a request carries a flat request_id field.
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'request_id' },
    // Lean request/response records: headers stay out unless someone opts in.
    serializers: {
      req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    ...(config.log.pretty
      ? { transport: { target: 'pino-pretty', options: { singleLine: true } } }
      : {}),
  };
  return {
    pinoHttp: destination ? [options, destination] : options,
    // Nest 12 route syntax; the library default matches no route under Fastify.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    // Probes arrive every few seconds and log nothing (readiness changes are logged where they
    // happen), so they skip pino-http entirely: its per-request child logger was a quarter of
    // a probe's CPU. npm run bench:profile: GET /health/live 10,900 -> 16,100 req/s.
    exclude: [{ path: 'health/{*splat}', method: RequestMethod.ALL }],
  };
}
