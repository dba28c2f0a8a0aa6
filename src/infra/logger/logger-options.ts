import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config.js';
import { resolveRequestId } from '../../platform/http/request-id.js';
import { REDACT_PATHS } from './redact-paths.js';
import { traceContextMixin } from './trace-context.mixin.js';

/** pino + pino-http settings shared by the API and the worker. */
export function loggerParams(config: AppConfig, service: string): Params {
  return {
    pinoHttp: {
      name: service,
      level: config.log.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      mixin: traceContextMixin,
      genReqId: (req: IncomingMessage) => resolveRequestId(req),
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
    },
    // Nest 12 route syntax; the library default matches no route under Fastify.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
  };
}
