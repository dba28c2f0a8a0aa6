import { STATUS_CODES } from 'node:http';

/** RFC 9457 body, plus the RealWorld `errors.body` array as an extension member. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request target; absent when the request could not be parsed far enough to know it. */
  instance?: string;
  code?: string;
  requestId: string;
  errors: { body: string[] };
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Problem types are documented in docs/errors.md; plain HTTP failures use `about:blank`. */
export function problemType(code: string | undefined): string {
  return code ? `urn:conduit:problem:${code.toLowerCase().replaceAll('_', '-')}` : 'about:blank';
}

export function buildProblem(input: {
  status: number;
  detail: string;
  instance?: string;
  requestId: string;
  code?: string;
  messages?: string[];
}): ProblemDetails {
  return {
    type: problemType(input.code),
    title: STATUS_CODES[input.status] ?? 'Error',
    status: input.status,
    detail: input.detail,
    ...(input.instance === undefined ? {} : { instance: input.instance }),
    ...(input.code ? { code: input.code } : {}),
    requestId: input.requestId,
    errors: { body: input.messages ?? [input.detail] },
  };
}
