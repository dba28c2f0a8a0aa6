import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../../config/app-config.js';
import { ShutdownState } from '../lifecycle/shutdown-state.js';
import { registerConditionalGet } from './conditional-get.js';
import { corsOptions } from './cors-policy.js';
import { registerExpectations, type UploadLimits } from './expectations.js';
import { registerHostRequirement } from './host-header.js';
import { registerQueryLimit } from './input-limits.js';
import { registerRefusedUpgradeClose } from './refused-upgrades.js';
import { registerJsonBodyParser } from './json-body-parser.js';
import { registerMultipart } from './multipart.js';
import { registerParameterTextCheck } from './parameter-text.js';
import { REQUEST_ID_HEADER } from './request-id.js';
import { registerGlobalRateLimit } from '../rate-limit/global-rate-limit.js';
import { RateLimiter } from '../rate-limit/rate-limiter.js';
import { ROOT_LOGGER } from '../../infra/logger/logger.module.js';
import { Metrics } from '../../infra/metrics/metrics.js';
import { registerHttpMetrics } from './http-metrics.js';
import { registerInFlightCount } from './in-flight-count.js';
import { InFlightRequests } from '../lifecycle/in-flight-requests.js';
import { registerRequestLogging } from './request-logging.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerServerSpan } from './server-span.js';
import { registerShutdownResponses } from './shutdown-responses.js';
import { registerUnreadBodyDiscard } from './unread-body.js';

/** Request plumbing that lives on the Fastify instance rather than in Nest. */
export function configureHttp(
  app: NestFastifyApplication,
  config: AppConfig,
  uploads?: UploadLimits,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  // First, so that every later hook and the handler log with the request's id and trace ids
  // and run in its span (when sampled). Logging first: the server span's hook writes an
  // unsampled request's trace context into the logging hook's per-request store.
  registerRequestLogging(fastify, app.get(ROOT_LOGGER));
  registerServerSpan(fastify);
  registerHttpMetrics(fastify, app.get(Metrics));
  registerInFlightCount(fastify, app.get(InFlightRequests));
  if (config.http.securityHeaders) registerSecurityHeaders(fastify);
  registerHostRequirement(fastify);
  registerExpectations(fastify, uploads);
  registerShutdownResponses(fastify, app.get(ShutdownState));
  registerGlobalRateLimit(fastify, app.get(RateLimiter), config.rateLimit);
  registerRefusedUpgradeClose(fastify);
  registerQueryLimit(fastify);
  registerParameterTextCheck(fastify);
  registerJsonBodyParser(fastify);
  registerMultipart(fastify, uploads?.routes ?? []);
  registerConditionalGet(fastify);
  registerUnreadBodyDiscard(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  if (config.http.corsOrigins.length > 0) {
    app.enableCors(corsOptions(config.http.corsOrigins));
  }
}
