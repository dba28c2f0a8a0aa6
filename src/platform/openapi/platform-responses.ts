import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ResponseObject,
} from '@nestjs/swagger';
import { isProbePath } from '../health/probe-path.js';
import { MAX_PARAM_LENGTH } from '../http/fastify-adapter.factory.js';
import {
  headerRefs,
  PROBLEM_RESPONSES,
  type ProblemStatus,
  RATE_LIMIT,
  REQUEST_ID_HEADERS,
} from './problem-responses.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * Statuses and headers that come from the request plumbing rather than from a route: every
 * route may answer 400 (query string too complex), 500 and 503; every route but the probes is
 * rate limited (429, RateLimit-*); a route with a body also answers 413, 415 and 422, one with
 * path parameters 414. Error answers become references to the shared problem responses.
 */
export function applyPlatformResponses(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    const rateLimited = !isProbePath(path);
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) completeOperation(operation, rateLimited);
    }
  }
}

function completeOperation(operation: OperationObject, rateLimited: boolean): void {
  const statuses: ProblemStatus[] = [400, 500, 503];
  if (rateLimited) statuses.push(429);
  if (operation.requestBody) statuses.push(413, 415, 422);
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  if (parameters.some((parameter) => parameter.in === 'query')) statuses.push(422);
  const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
  if (pathParameters.length > 0) statuses.push(414);
  for (const parameter of pathParameters) {
    const schema = parameter.schema as { type?: string } | undefined;
    if (schema?.type === 'string') parameter.schema = { ...schema, maxLength: MAX_PARAM_LENGTH };
  }
  const responses = operation.responses;
  for (const status of statuses) responses[status] ??= { description: '' };
  for (const [status, response] of Object.entries(responses)) {
    const problem = PROBLEM_RESPONSES[Number(status) as ProblemStatus];
    // A route that documents its own body for an error status (readiness' 503) keeps it.
    if (problem && !(response as ResponseObject).content) {
      responses[status] = { $ref: `#/components/responses/${problem[0]}` };
      continue;
    }
    const success = response as ResponseObject;
    const shared = [...Object.keys(REQUEST_ID_HEADERS), ...(rateLimited ? RATE_LIMIT : [])];
    success.headers = { ...headerRefs(shared), ...success.headers };
  }
}
