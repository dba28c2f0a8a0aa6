import type { HeaderObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import { PROBLEM_MEDIA_TYPE } from './openapi-constants.js';

/** The error statuses this API answers, each a shared response in `components.responses`. */
export const PROBLEM_RESPONSES = {
  400: [
    'BadRequest',
    'Malformed request: invalid JSON, a body or query string too complex, a bad path, or text with a NUL or an unpaired surrogate.',
  ],
  401: [
    'Unauthorized',
    'No valid access token: missing where required, malformed, expired, revoked or of a deleted user.',
  ],
  403: [
    'Forbidden',
    'Authenticated, but not allowed to do this (not the author, or not an admin).',
  ],
  404: ['NotFound', 'No such resource (also for resources the caller may not see).'],
  413: ['ContentTooLarge', 'The request body is larger than this route accepts.'],
  414: ['UriTooLong', 'A path segment is longer than the router accepts.'],
  415: ['UnsupportedMediaType', 'The body is not in a media type this route accepts.'],
  422: [
    'UnprocessableContent',
    'The request is well-formed but its fields are invalid; one message per field in `errors.body`.',
  ],
  429: [
    'TooManyRequests',
    'A rate limit or a login lockout applies; retry after `Retry-After` seconds.',
  ],
  500: [
    'InternalServerError',
    'An unexpected error; logged with the request id, never detailed here.',
  ],
  503: [
    'ServiceUnavailable',
    'A dependency is unreachable or the instance is shutting down; retry after `Retry-After` seconds.',
  ],
} as const satisfies Record<number, readonly [string, string]>;

export type ProblemStatus = keyof typeof PROBLEM_RESPONSES;

const header = (description: string, required: boolean, type = 'string'): HeaderObject => ({
  description,
  required,
  schema: { type },
});

/** Sent with every answer. */
export const REQUEST_ID_HEADERS: Record<string, HeaderObject> = {
  'X-Request-Id': header('The request id: the valid one the client sent, or a new UUID.', true),
};

/** Sent by every rate-limited route (all but /health/*) while rate limiting is enabled. */
export const RATE_LIMIT_HEADERS: Record<string, HeaderObject> = {
  'RateLimit-Limit': header('Requests allowed per window.', false, 'integer'),
  'RateLimit-Remaining': header('Requests left in this window.', false, 'integer'),
  'RateLimit-Reset': header('Seconds until the window resets.', false, 'integer'),
  'RateLimit-Policy': header('The limit and its window, e.g. `300;w=60`.', false),
};

const OTHER_HEADERS: Record<string, HeaderObject> = {
  'Retry-After': header('Seconds to wait before retrying.', true, 'integer'),
  'WWW-Authenticate': header('`Token realm="conduit"`.', true),
};

/** `components.headers`: every shared header, defined once. */
export const HEADER_COMPONENTS = { ...REQUEST_ID_HEADERS, ...RATE_LIMIT_HEADERS, ...OTHER_HEADERS };

/** References to shared headers, by name. */
export function headerRefs(names: string[]): Record<string, ReferenceObject> {
  return Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));
}

const REQUEST_ID = Object.keys(REQUEST_ID_HEADERS);
export const RATE_LIMIT = Object.keys(RATE_LIMIT_HEADERS);

function headerNames(status: ProblemStatus): string[] {
  // A login lockout has no window of its own: Retry-After is the one header it always sends.
  if (status === 429) return [...REQUEST_ID, 'Retry-After', ...RATE_LIMIT];
  if (status === 503) return [...REQUEST_ID, 'Retry-After'];
  if (status === 401) return [...REQUEST_ID, 'WWW-Authenticate'];
  return REQUEST_ID;
}

/** `components.responses`: one problem+json response per error status. */
export function problemResponseComponents(
  problemSchemaRef: string,
): Record<string, ResponseObject> {
  return Object.fromEntries(
    Object.entries(PROBLEM_RESPONSES).map(([status, [name, description]]) => [
      name,
      {
        description,
        headers: headerRefs(headerNames(Number(status) as ProblemStatus)),
        content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: problemSchemaRef } } },
      },
    ]),
  );
}
