import { readFileSync } from 'node:fs';

/** The parts of a JSON schema the generators read (after $ref resolution). */
export interface JsonSchema {
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  pattern?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  allOf?: JsonSchema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

/** One REST operation of openapi.json, ready for the request generators. */
export interface Operation {
  id: string;
  method: string;
  /** The path template, e.g. /api/articles/{slug}. */
  path: string;
  parameters: Parameter[];
  body?: { mediaType: string; schema: JsonSchema; required: boolean };
  auth: 'required' | 'optional' | 'none';
  /** Statuses the document promises for this operation. */
  statuses: number[];
}

type Node = Record<string, unknown>;

/** Reads every operation of the OpenAPI document, with its $refs resolved. */
export function readOperations(file = 'openapi.json'): Operation[] {
  const document = JSON.parse(readFileSync(file, 'utf8')) as Node;
  const resolve = (node: unknown, seen: string[] = []): unknown => {
    if (Array.isArray(node)) return node.map((item) => resolve(item, seen));
    if (typeof node !== 'object' || node === null) return node;
    const ref = (node as Node).$ref;
    if (typeof ref === 'string') {
      if (seen.includes(ref)) return {}; // a cycle: stop, an empty schema takes anything
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>((at, key) => (at as Node)[key], document);
      return resolve(target, [...seen, ref]);
    }
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, resolve(value, seen)]),
    );
  };
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths as Node)) {
    for (const [method, raw] of Object.entries(item as Node)) {
      const operation = resolve(raw) as Node;
      if (typeof operation.operationId !== 'string') continue;
      operations.push({
        id: operation.operationId,
        method: method.toUpperCase(),
        path,
        parameters: parametersOf(path, (operation.parameters ?? []) as Parameter[]),
        body: bodyOf(operation.requestBody as Node | undefined),
        auth: authOf(operation.security as Node[] | undefined),
        statuses: Object.keys(operation.responses as Node).map(Number),
      });
    }
  }
  return operations;
}

/** The declared parameters, plus any path parameter the template names but the document omits. */
function parametersOf(path: string, declared: Parameter[]): Parameter[] {
  const parameters = declared.map((p) => ({ ...p, required: p.required ?? false }));
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    if (!parameters.some((p) => p.in === 'path' && p.name === name)) {
      parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
    }
  }
  return parameters;
}

function bodyOf(requestBody: Node | undefined): Operation['body'] {
  if (!requestBody) return undefined;
  const [mediaType, media] = Object.entries(requestBody.content as Node)[0];
  return {
    mediaType,
    schema: flatten((media as Node).schema as JsonSchema),
    required: requestBody.required === true,
  };
}

/** Folds `allOf` into one schema (the document uses it to describe a $ref member). */
export function flatten(schema: JsonSchema): JsonSchema {
  const merged: JsonSchema = { ...schema };
  for (const part of schema.allOf ?? []) Object.assign(merged, flatten(part));
  delete merged.allOf;
  if (merged.properties) {
    merged.properties = Object.fromEntries(
      Object.entries(merged.properties).map(([key, value]) => [key, flatten(value)]),
    );
  }
  if (merged.items) merged.items = flatten(merged.items);
  return merged;
}

function authOf(security: Node[] | undefined): Operation['auth'] {
  if (!security || security.length === 0) return 'none';
  return security.some((requirement) => Object.keys(requirement).length === 0)
    ? 'optional'
    : 'required';
}
