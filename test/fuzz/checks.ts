import type { FuzzRequest, FuzzResponse } from './fuzz-request.js';

/** What an answer got wrong; `rule` groups findings in the report. */
export interface Problem {
  rule: string;
  detail: string;
}

const GRAPHQL_PATH = '/graphql';

/**
 * The promises every answer keeps, whatever was sent: an answer at all, no 5xx, the security
 * headers, and for errors the documented shape (problem details for REST, GraphQL errors on
 * /graphql).
 */
export function checkResponse(request: FuzzRequest, response: FuzzResponse): Problem | undefined {
  const problems = problemsOf(request, response);
  if (problems.length === 0) return undefined;
  // One answer, one finding: its rules joined (a Fastify error page breaks two at once).
  return {
    rule: problems.map((p) => p.rule).join('+'),
    detail: problems.map((p) => p.detail).join('; '),
  };
}

function problemsOf(request: FuzzRequest, response: FuzzResponse): Problem[] {
  if (response.error) return [{ rule: 'no-answer', detail: response.error }];
  const problems: Problem[] = [];
  if (response.status >= 500) {
    problems.push({ rule: '5xx', detail: `${response.status} ${summary(response)}` });
  }
  if (response.headers['x-content-type-options'] !== 'nosniff') {
    problems.push({ rule: 'security-headers', detail: 'no X-Content-Type-Options: nosniff' });
  }
  const onGraphql = request.path === GRAPHQL_PATH || request.path.startsWith(`${GRAPHQL_PATH}?`);
  if (onGraphql && (request.method === 'GET' || request.method === 'POST')) {
    problems.push(...checkGraphqlShape(request, response));
  } else if (response.status >= 400 && request.method !== 'HEAD') {
    problems.push(...checkProblemDetails(response));
  }
  return problems;
}

/** RFC 9457: application/problem+json, with a `status` member equal to the HTTP status. */
function checkProblemDetails(response: FuzzResponse): Problem[] {
  const type = String(response.headers['content-type'] ?? '(none)');
  if (!type.startsWith('application/problem+json')) {
    return [{ rule: 'not-problem-json', detail: `content-type ${type}: ${summary(response)}` }];
  }
  const body = parseJson(response.body);
  if (typeof body !== 'object' || body === null) {
    return [
      { rule: 'not-problem-json', detail: `body is not a JSON object: ${summary(response)}` },
    ];
  }
  const problem = body as Record<string, unknown>;
  if (problem.status !== response.status || typeof problem.title !== 'string') {
    return [
      {
        rule: 'problem-status',
        detail: `status member ${String(problem.status)}: ${summary(response)}`,
      },
    ];
  }
  return [];
}

/** `{data?, errors?: [{message, extensions: {code}}]}`, or an array of those for a batch. */
function checkGraphqlShape(request: FuzzRequest, response: FuzzResponse): Problem[] {
  const type = String(response.headers['content-type'] ?? '(none)');
  const body = parseJson(response.body);
  if (!type.includes('json') || body === undefined) {
    return [{ rule: 'graphql-shape', detail: `content-type ${type}: ${summary(response)}` }];
  }
  const results = Array.isArray(body) ? body : [body];
  // An empty batch may be answered with an empty list of results.
  if (results.length === 0 && !request.body?.toString().trim().startsWith('[')) {
    return [{ rule: 'graphql-shape', detail: 'empty batch answer' }];
  }
  for (const result of results) {
    const problem = graphqlResultProblem(result, response.status);
    if (problem) return [{ rule: 'graphql-shape', detail: `${problem}: ${summary(response)}` }];
  }
  // GraphQL's 500: the HTTP status may be 200, the error code says what happened.
  const codes = results.flatMap((result: { errors?: { extensions: { code: string } }[] }) =>
    (result.errors ?? []).map((error) => error.extensions.code),
  );
  const failed = codes.find((code) => SERVER_ERROR_CODES.includes(code));
  return failed ? [{ rule: '5xx', detail: `${failed}: ${summary(response)}` }] : [];
}

const SERVER_ERROR_CODES = ['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE'];

function graphqlResultProblem(result: unknown, status: number): string | undefined {
  if (typeof result !== 'object' || result === null) return 'result is not an object';
  const { data, errors } = result as { data?: unknown; errors?: unknown };
  if (errors === undefined) {
    if (status >= 400) return `status ${status} without errors`;
    return data === undefined ? 'neither data nor errors' : undefined;
  }
  if (!Array.isArray(errors) || errors.length === 0) return 'errors is not a non-empty array';
  for (const error of errors as Record<string, unknown>[]) {
    const code = (error?.extensions as Record<string, unknown> | undefined)?.code;
    if (typeof error?.message !== 'string') return 'an error without a message';
    if (typeof code !== 'string') return 'an error without extensions.code';
  }
  return undefined;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The start of the body, enough to tell one error from another in the report. */
export function summary(response: FuzzResponse): string {
  const text = response.body.toString('utf8');
  const body = parseJson(response.body) as Record<string, unknown> | undefined;
  const said =
    body && typeof body === 'object' ? (body.detail ?? body.message ?? body.errors) : undefined;
  const shown = said === undefined ? text : typeof said === 'string' ? said : JSON.stringify(said);
  return shown.length > 160 ? `${shown.slice(0, 160)}...` : shown || '(empty body)';
}
