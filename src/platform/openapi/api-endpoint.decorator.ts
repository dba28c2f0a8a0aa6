import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiOperation,
  ApiResponse,
  ApiSecurity,
  type HeaderObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { BEARER_SCHEME, TOKEN_SCHEME } from './openapi-constants.js';
import { PROBLEM_RESPONSES, type ProblemStatus } from './problem-responses.js';

export interface EndpointSpec {
  /** Stable name for generated clients; RealWorld's own where the route is RealWorld's. */
  operationId: string;
  summary: string;
  description?: string;
  /** required: 401 without a valid token; optional: anonymous allowed, a bad token is still 401. */
  auth: 'required' | 'optional' | 'none';
  /** The success answer; `type` absent means no body (204). */
  success: {
    status: number;
    description: string;
    /** The body: a response class, or a schema (and the classes it references, in `models`). */
    type?: Type;
    schema?: SchemaObject;
    models?: Type[];
    /** Another media type than JSON (e.g. text/event-stream), with its schema. */
    content?: Record<string, { schema: SchemaObject }>;
    headers?: Record<string, HeaderObject>;
  };
  /** Statuses this route raises itself; those of the platform (400, 413, 415, 422 for bodies, 429, 500, 503) are added for every route. */
  problems?: ProblemStatus[];
  /** Anonymous answers carry an ETag, and a matching If-None-Match gets 304. */
  conditional?: boolean;
  /** Served through the Redis cache; X-Cache tells how. */
  cached?: boolean;
  /** Takes an Idempotency-Key; a replay answers the first response with Idempotent-Replayed. */
  idempotent?: boolean;
}

const CONDITIONAL_HEADERS: Record<string, HeaderObject> = {
  ETag: {
    description: 'Weak validator of the body (anonymous requests only).',
    schema: { type: 'string' },
  },
};

const CACHE_HEADERS: Record<string, HeaderObject> = {
  'X-Cache': {
    description:
      'How the cache answered: HIT, MISS, BYPASS (Redis unreachable), ERROR (Redis failed ' +
      'mid-read), PRIVATE (a signed-in list, never cached) or UNCACHED (a list page too deep ' +
      'to be worth caching).',
    schema: { type: 'string' },
  },
};

const REPLAY_HEADERS: Record<string, HeaderObject> = {
  'Idempotent-Replayed': {
    description:
      '`true` when this is the stored answer to an earlier request with the same Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] },
  },
};

/** Everything the OpenAPI document says about one route, next to the route itself. */
export function ApiEndpoint(spec: EndpointSpec): MethodDecorator {
  const problems = new Set<ProblemStatus>(spec.problems);
  if (spec.auth !== 'none') problems.add(401);
  const decorators = [
    ApiOperation({
      operationId: spec.operationId,
      summary: spec.summary,
      description: spec.description,
    }),
    ApiResponse({
      status: spec.success.status,
      description: spec.success.description,
      type: spec.success.type,
      schema: spec.success.schema,
      content: spec.success.content,
      headers: {
        ...spec.success.headers,
        ...(spec.conditional ? CONDITIONAL_HEADERS : {}),
        ...(spec.cached ? CACHE_HEADERS : {}),
        ...(spec.idempotent ? REPLAY_HEADERS : {}),
      },
    }),
    ...[...problems].map((status) =>
      ApiResponse({ status, description: PROBLEM_RESPONSES[status][1] }),
    ),
    ...securityDecorators(spec.auth),
    ...(spec.success.models ? [ApiExtraModels(...spec.success.models)] : []),
  ];
  if (spec.conditional) {
    decorators.push(
      ApiHeader({
        name: 'If-None-Match',
        required: false,
        description: 'An ETag from an earlier answer: 304 when unchanged.',
      }),
      ApiResponse({
        status: 304,
        description: 'Not modified since the ETag sent in If-None-Match.',
        headers: CONDITIONAL_HEADERS,
      }),
    );
  }
  if (spec.idempotent) {
    decorators.push(
      ApiHeader({
        name: 'Idempotency-Key',
        required: false,
        description:
          'Makes a retry safe: the same key and body within IDEMPOTENCY_TTL_HOURS get the first answer again (1-255 visible ASCII characters).',
        schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
      }),
    );
  }
  return applyDecorators(...decorators);
}

// Either scheme is accepted; an empty requirement marks the token as optional (or not needed).
function securityDecorators(auth: EndpointSpec['auth']): MethodDecorator[] {
  if (auth === 'none') return [ApiSecurity({})];
  const schemes = [ApiSecurity(TOKEN_SCHEME), ApiSecurity(BEARER_SCHEME)];
  return auth === 'optional' ? [...schemes, ApiSecurity({})] : schemes;
}
