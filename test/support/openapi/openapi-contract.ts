import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

type Json = Record<string, unknown>;

interface Operation {
  operationId: string;
  responses: Record<string, Json>;
}

/** What one response looked like, as the contract check needs it. */
export interface ObservedResponse {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** False for HEAD requests and for bodies the client did not parse. */
  hasBody: boolean;
}

export interface ContractVerdict {
  /** `operationId status`, or undefined for answers outside any operation (unknown routes). */
  pair?: string;
  problems: string[];
}

const DOCUMENT_ID = 'openapi.json';
// Paths that are not part of the REST contract: GraphQL and the documentation itself.
const OUTSIDE_CONTRACT = /^\/(graphql|graphiql|docs)(\/|$)|^\/openapi\.json$/;

/**
 * The committed openapi.json as a checker of real responses: the status must be documented for
 * the operation, its required headers present, its media type listed and its body valid (no
 * undocumented properties). Unknown routes must answer a 404 problem.
 */
export class OpenApiContract {
  private readonly document: Json;
  private readonly ajv: Ajv;
  private readonly routes: { pattern: RegExp; params: number; item: Record<string, Operation> }[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(file = resolve('openapi.json')) {
    this.document = JSON.parse(readFileSync(file, 'utf8')) as Json;
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(this.ajv);
    this.ajv.addFormat('password', true).addFormat('binary', true);
    this.ajv.addSchema(closedSchemas(rebase(this.document)) as Json, DOCUMENT_ID);
    this.routes = Object.entries(this.document.paths as Record<string, Record<string, Operation>>)
      .map(([template, item]) => ({
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
        params: (template.match(/\{/g) ?? []).length,
        item,
      }))
      // A literal segment wins over a parameter (/api/articles/feed over /api/articles/{slug}).
      .sort((a, b) => a.params - b.params);
  }

  /** Every (operationId, status) pair the document describes. */
  allPairs(): string[] {
    return this.routes.flatMap(({ item }) =>
      Object.values(item).flatMap((op) =>
        Object.keys(op.responses).map((status) => `${op.operationId} ${status}`),
      ),
    );
  }

  check(response: ObservedResponse): ContractVerdict {
    if (OUTSIDE_CONTRACT.test(response.path)) return { problems: [] };
    const route = this.routes.find(({ pattern }) => pattern.test(response.path));
    const method = response.method.toLowerCase();
    // Preflights are answered by CORS before any route; HEAD is GET without a body.
    if (method === 'options') return { problems: [] };
    const operation = route?.item[method === 'head' ? 'get' : method];
    if (!operation && route) return { problems: this.checkWrongMethod(route.item, response) };
    if (!operation) return { problems: this.checkUnknownRoute(response) };
    const pair = `${operation.operationId} ${response.status}`;
    const declared = operation.responses[String(response.status)];
    if (!declared) {
      return {
        pair,
        problems: [`status ${response.status} is not documented for ${operation.operationId}`],
      };
    }
    const resolved = this.resolve(declared);
    return {
      pair,
      problems: [...this.checkHeaders(resolved, response), ...this.checkBody(resolved, response)],
    };
  }

  /** A documented path asked with a method it does not take: 405 naming the ones it does. */
  private checkWrongMethod(item: Record<string, Operation>, response: ObservedResponse): string[] {
    if (response.status !== 405) return this.checkUnknownRoute(response);
    const documented = Object.keys(item).map((method) => method.toUpperCase());
    const allowed = String(response.headers.allow ?? '').split(', ');
    const missing = documented.filter((method) => !allowed.includes(method));
    return [
      ...(missing.length > 0 ? [`405 Allow lacks ${missing.join(', ')}`] : []),
      ...this.validateBody('#/components/schemas/ProblemDetails', response.body),
    ];
  }

  private checkUnknownRoute(response: ObservedResponse): string[] {
    if (response.status !== 404 && response.status !== 429 && response.status !== 400) {
      return [
        `${response.method} ${response.path} is no documented operation, yet answered ${response.status}`,
      ];
    }
    return this.validateBody('#/components/schemas/ProblemDetails', response.body);
  }

  private checkHeaders(declared: Json, response: ObservedResponse): string[] {
    const headers = (declared.headers ?? {}) as Record<string, Json>;
    return Object.entries(headers)
      .filter(([, header]) => this.resolve(header).required === true)
      .filter(([name]) => response.headers[name.toLowerCase()] === undefined)
      .map(([name]) => `required header ${name} is missing`);
  }

  private checkBody(declared: Json, response: ObservedResponse): string[] {
    const content = declared.content as Record<string, Json> | undefined;
    if (!content || !response.hasBody || response.status === 204 || response.status === 304) {
      return [];
    }
    const mediaType = String(response.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const entry = content[mediaType];
    if (!entry) {
      return [`content type "${mediaType}" is not one of ${Object.keys(content).join(', ')}`];
    }
    if (!mediaType.endsWith('json')) return [];
    const schema = entry.schema as Json;
    return this.validateBody(typeof schema.$ref === 'string' ? schema.$ref : schema, response.body);
  }

  private validateBody(schema: string | Json, body: unknown): string[] {
    const key = typeof schema === 'string' ? schema : JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      const target =
        typeof schema === 'string' ? { $ref: `${DOCUMENT_ID}${schema}` } : rebase(schema);
      validate = this.ajv.compile(target as Json);
      this.validators.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `body${error.instancePath} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
    );
  }

  private resolve(value: Json): Json {
    const ref = value.$ref;
    if (typeof ref !== 'string') return value;
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Json)[key], this.document);
    return this.resolve(target as Json);
  }
}

// Local references point into the registered document.
function rebase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebase);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      key,
      key === '$ref' && typeof member === 'string' && member.startsWith('#/')
        ? `${DOCUMENT_ID}${member}`
        : rebase(member),
    ]),
  );
}

// Responses may not carry properties the document does not name (a leak, or an undocumented field).
function closedSchemas(document: unknown): unknown {
  const copy = structuredClone(document) as Json;
  const schemas = (copy.components as Json).schemas as Record<string, Json>;
  for (const schema of Object.values(schemas)) {
    if (
      schema.type === 'object' &&
      schema.properties &&
      schema.additionalProperties === undefined
    ) {
      schema.additionalProperties = false;
    }
  }
  return copy;
}
