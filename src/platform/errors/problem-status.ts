import type { ErrorKind } from './app-error.js';

/** The one place an error kind becomes an HTTP status. */
export function httpStatusFor(kind: ErrorKind): number {
  switch (kind) {
    case 'bad_request':
      return 400;
    case 'invalid_input':
      return 422;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'method_not_allowed':
      return 405;
    case 'conflict':
      return 409;
    case 'too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'expectation_failed':
      return 417;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
  }
}
