import { HttpException } from '@nestjs/common';
import { AppError } from './app-error.js';
import { isDataException } from './data-exception.js';
import { isDependencyOutage } from './dependency-outage.js';
import { httpStatusFor } from './problem-status.js';

/** What a client is told about an error; `unexpected` errors are logged in full instead. */
export interface ProblemSummary {
  status: number;
  detail: string;
  code?: string;
  messages?: string[];
  unexpected: boolean;
  /** A value that got past validation and that the database refused: logged at warn level. */
  slipped?: boolean;
  /** Headers to send with the problem (e.g. Retry-After on 429). */
  headers?: Record<string, string>;
}

interface ErrorWithStatus {
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
}

// Logged like any unexpected error, but the client learns that retrying may help.
const UNAVAILABLE: ProblemSummary = {
  status: 503,
  detail: 'A service this request depends on is temporarily unavailable. Please retry shortly.',
  unexpected: true,
};

const DATA_REFUSED: ProblemSummary = {
  status: 400,
  detail: 'A value in the request is not one the database can store or compare.',
  code: 'INVALID_DATA',
  unexpected: false,
  slipped: true,
};

const INTERNAL: ProblemSummary = {
  status: 500,
  detail: 'An unexpected error occurred. It has been logged with the request id.',
  unexpected: true,
};

const INVALID_JSON = 'The request body is not valid JSON.';

/**
 * The client hung up while its body was being read: Node's request stream fails with
 * ECONNRESET ("aborted") and Fastify marks it 400. Nobody is left to answer, and nothing on
 * this side went wrong, so it is not logged as an error.
 */
const BODY_CUT_OFF: ProblemSummary = {
  status: 400,
  detail: 'The connection closed before the request body was complete.',
  unexpected: false,
};

const FASTIFY_DETAILS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: INVALID_JSON,
  FST_ERR_CTP_EMPTY_JSON_BODY: INVALID_JSON,
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than this server accepts.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE:
    'This content type is not supported here: send application/json (image uploads: multipart/form-data).',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The request body is not as long as its Content-Length.',
  FST_ERR_MAX_PARAM_LENGTH: 'A path segment is longer than this server accepts.',
  FST_ERR_BAD_URL: 'The request path is not valid: it has a malformed percent-encoding.',
};

/** Fastify's own client errors (bad JSON, body too large, wrong media type) as safe text. */
function fastifyClientError(error: ErrorWithStatus): ProblemSummary | undefined {
  const status = error.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  if (typeof error.code !== 'string' || !error.code.startsWith('FST_')) return undefined;
  const detail =
    FASTIFY_DETAILS[error.code] ??
    (status === 400 ? 'The request is malformed.' : String(error.message));
  return { status, detail, unexpected: false };
}

function httpExceptionSummary(error: HttpException): ProblemSummary {
  const status = error.getStatus();
  if (status >= 500) return INTERNAL;
  const response = error.getResponse();
  const message =
    typeof response === 'object' && response !== null && 'message' in response
      ? response.message
      : error.message;
  const messages = Array.isArray(message) ? message.map(String) : [String(message)];
  return { status, detail: messages.join('; '), messages, unexpected: false };
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** Classifies any thrown value; only intentional, client-caused errors reveal their message. */
export function summarizeError(error: unknown): ProblemSummary {
  if (error instanceof AppError) {
    return {
      status: httpStatusFor(error.kind),
      detail: error.message,
      code: error.code,
      messages: error.details,
      unexpected: false,
      headers: error.headers,
    };
  }
  if (error instanceof HttpException) {
    // Nest wraps Fastify's 4xx errors (bad JSON, body too large) and keeps the original as cause.
    const fromFastify = isObject(error.cause) ? fastifyClientError(error.cause) : undefined;
    return fromFastify ?? httpExceptionSummary(error);
  }
  if (isObject(error)) {
    // JSON syntax errors from the body parser arrive as SyntaxError with statusCode 400.
    const fromFastify = fastifyClientError(error);
    if (fromFastify) return fromFastify;
    if (error instanceof SyntaxError && (error as ErrorWithStatus).statusCode === 400) {
      return { status: 400, detail: INVALID_JSON, unexpected: false };
    }
    const { code, statusCode } = error as ErrorWithStatus;
    if (code === 'ECONNRESET' && statusCode === 400) return BODY_CUT_OFF;
  }
  if (isDataException(error)) return DATA_REFUSED;
  return isDependencyOutage(error) ? UNAVAILABLE : INTERNAL;
}
