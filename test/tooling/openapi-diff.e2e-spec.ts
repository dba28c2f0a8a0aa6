import { describe, expect, it } from '@jest/globals';
import { compareSpecs } from '../../scripts/openapi-diff/compare-spec.js';
import { formatJsonPath } from '../../scripts/openapi-diff/json-path.js';

// Documents as the comparison takes them: any JSON object.
type Json = Parameters<typeof compareSpecs>[0];

// One operation, POST /articles, whose request and 201 response bodies are the given schemas.
function spec(parts: {
  request?: Json;
  response?: Json;
  schemas?: Json;
  operation?: Json;
  version?: string;
}): Json {
  return {
    openapi: parts.version ?? '3.0.3',
    info: { title: 'test', version: '1' },
    paths: {
      '/articles': {
        post: {
          operationId: 'createArticle',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: parts.request ?? { type: 'object' } } },
          },
          responses: {
            '201': {
              description: 'created',
              content: { 'application/json': { schema: parts.response ?? { type: 'object' } } },
            },
            '422': { description: 'invalid' },
          },
          ...parts.operation,
        },
      },
    },
    components: { schemas: parts.schemas ?? {} },
  };
}

const REQUEST = "$.paths['/articles'].post.requestBody.content['application/json'].schema";
const RESPONSE = "$.paths['/articles'].post.responses['201'].content['application/json'].schema";

function breaking(base: Json, head: Json): string[] {
  return compareSpecs(base, head)
    .filter((c) => c.kind === 'breaking')
    .map((c) => `${formatJsonPath(c.path)}: ${c.message}`);
}

function nonBreaking(base: Json, head: Json): string[] {
  return compareSpecs(base, head)
    .filter((c) => c.kind !== 'breaking')
    .map((c) => `${formatJsonPath(c.path)}: ${c.message}`);
}

const object = (properties: Json, required: string[] = []): Json => ({
  type: 'object',
  required,
  properties,
});
const str: Json = { type: 'string' };

describe('openapi:diff comparison', () => {
  it('reports nothing for identical documents', () => {
    const doc = spec({
      request: object({ title: str }, ['title']),
      response: object({ slug: str }),
    });
    expect(compareSpecs(doc, structuredClone(doc))).toEqual([]);
  });

  describe('paths, operations and responses', () => {
    it('reports a removed path, a removed operation and a removed response status', () => {
      const base = spec({});
      base.paths['/tags'] = {
        get: { operationId: 'tags', responses: { '200': { description: 'ok' } } },
      };
      base.paths['/articles'].delete = {
        operationId: 'deleteAll',
        responses: { '204': { description: 'gone' } },
      };
      const head = spec({});
      delete head.paths['/articles'].post.responses['422'];
      expect(breaking(base, head)).toEqual([
        "$.paths['/articles'].post.responses['422']: response 422 removed",
        "$.paths['/articles'].delete: operation removed",
        "$.paths['/tags']: path removed",
      ]);
    });

    it('lists new paths, operations and statuses as non-breaking additions', () => {
      const head = spec({});
      head.paths['/tags'] = {
        get: { operationId: 'tags', responses: { '200': { description: 'ok' } } },
      };
      head.paths['/articles'].post.responses['409'] = { description: 'conflict' };
      expect(breaking(spec({}), head)).toEqual([]);
      expect(nonBreaking(spec({}), head)).toEqual([
        "$.paths['/articles'].post.responses['409']: response 409 added",
        "$.paths['/tags']: path added",
      ]);
    });

    it('matches routes whose path parameter was renamed', () => {
      const item = (name: string): Json => ({
        get: {
          operationId: 'get',
          parameters: [{ name, in: 'path', required: true, schema: str }],
          responses: { '200': { description: 'ok' } },
        },
      });
      const base = { ...spec({}), paths: { '/articles/{slug}': item('slug') } };
      const head = { ...spec({}), paths: { '/articles/{id}': item('id') } };
      expect(compareSpecs(base, head)).toEqual([]);
    });

    it('reports a response media type and a response header that disappear', () => {
      const base = spec({});
      base.paths['/articles'].post.responses['201'].headers = { ETag: { schema: str } };
      const head = spec({});
      head.paths['/articles'].post.responses['201'] = { description: 'created' };
      expect(breaking(base, head)).toEqual([
        "$.paths['/articles'].post.responses['201'].content['application/json']: no longer returns application/json",
        "$.paths['/articles'].post.responses['201'].headers.ETag: response header ETag removed",
      ]);
    });

    it('reports an operation that now requires authentication', () => {
      const base = spec({ operation: { security: [] } });
      const head = spec({ operation: { security: [{ Token: [] }] } });
      expect(breaking(base, head)).toEqual([
        "$.paths['/articles'].post.security: now requires authentication",
      ]);
    });
  });

  describe('parameters', () => {
    const withParams = (...parameters: Json[]): Json => spec({ operation: { parameters } });
    const limit = (schema: Json, extra: Json = {}): Json => ({
      name: 'limit',
      in: 'query',
      schema,
      ...extra,
    });

    it('reports a new required parameter, and lists a new optional one as an addition', () => {
      const head = withParams(
        { name: 'author', in: 'query', required: true, schema: str },
        limit(str),
      );
      expect(breaking(withParams(), head)).toEqual([
        `$.paths['/articles'].post.parameters['query:author']: new required query parameter "author"`,
      ]);
      expect(nonBreaking(withParams(), head)).toEqual([
        `$.paths['/articles'].post.parameters['query:limit']: optional query parameter "limit" added`,
      ]);
    });

    it('reports a parameter that becomes required or disappears', () => {
      const base = withParams(limit(str), { name: 'tag', in: 'query', schema: str });
      const head = withParams(limit(str, { required: true }));
      expect(breaking(base, head)).toEqual([
        `$.paths['/articles'].post.parameters['query:limit']: query parameter "limit" became required`,
        `$.paths['/articles'].post.parameters['query:tag']: query parameter "tag" removed`,
      ]);
    });

    it('reports a raised minimum and a lowered maximum, not relaxed ones', () => {
      const base = withParams(limit({ type: 'integer', minimum: 1, maximum: 100 }));
      const narrowed = withParams(limit({ type: 'integer', minimum: 5, maximum: 50 }));
      const relaxed = withParams(limit({ type: 'integer', minimum: 0, maximum: 500 }));
      expect(breaking(base, narrowed)).toEqual([
        "$.paths['/articles'].post.parameters['query:limit'].schema.minimum: minimum raised from 1 to 5",
        "$.paths['/articles'].post.parameters['query:limit'].schema.maximum: maximum lowered from 100 to 50",
      ]);
      expect(breaking(base, relaxed)).toEqual([]);
      expect(nonBreaking(base, relaxed)).toHaveLength(2);
    });

    it('treats an exclusive bound at the same value as narrower, in 3.0 and 3.1 spelling', () => {
      const base = withParams(limit({ type: 'number', minimum: 0 }));
      const v30 = withParams(limit({ type: 'number', minimum: 0, exclusiveMinimum: true }));
      const v31 = withParams(limit({ type: 'number', exclusiveMinimum: 0 }));
      expect(breaking(base, v30)).toHaveLength(1);
      expect(breaking(base, v31)).toEqual([
        "$.paths['/articles'].post.parameters['query:limit'].schema.minimum: minimum raised from 0 to 0 (exclusive)",
      ]);
    });

    it('lists a changed default as a non-breaking change', () => {
      const base = withParams(limit({ type: 'integer', default: 20 }));
      const head = withParams(limit({ type: 'integer', default: 10 }));
      expect(breaking(base, head)).toEqual([]);
      expect(nonBreaking(base, head)).toEqual([
        "$.paths['/articles'].post.parameters['query:limit'].schema.default: default changed from 20 to 10",
      ]);
    });

    it('follows $refs to shared parameters', () => {
      const base = { ...withParams({ $ref: '#/components/parameters/Limit' }) };
      base.components.parameters = { Limit: limit({ type: 'integer', maximum: 100 }) };
      const head = structuredClone(base);
      head.components.parameters.Limit.schema.maximum = 20;
      expect(breaking(base, head)).toEqual([
        "$.paths['/articles'].post.parameters['query:limit'].schema.maximum: maximum lowered from 100 to 20",
      ]);
    });
  });

  describe('request bodies (what clients send must still be accepted)', () => {
    it('reports a narrowed type, removed enum values, a lowered maxLength and a new pattern', () => {
      const base = spec({
        request: object({
          title: { type: 'string', maxLength: 200 },
          kind: { type: 'string', enum: ['post', 'note'] },
          count: { type: 'number' },
          slug: str,
        }),
      });
      const head = spec({
        request: object({
          title: { type: 'string', maxLength: 100 },
          kind: { type: 'string', enum: ['post'] },
          count: { type: 'integer' },
          slug: { type: 'string', pattern: '^[a-z-]+$' },
        }),
      });
      expect(breaking(base, head)).toEqual([
        `${REQUEST}.properties.title.maxLength: maxLength lowered from 200 to 100`,
        `${REQUEST}.properties.kind.enum: enum value(s) removed: "note"`,
        `${REQUEST}.properties.count: type changed from number to integer`,
        `${REQUEST}.properties.slug.pattern: pattern "^[a-z-]+$" added`,
      ]);
    });

    it('reports a field that becomes required and a new required field', () => {
      const base = spec({ request: object({ title: str, body: str }, ['title']) });
      const head = spec({
        request: object({ title: str, body: str, summary: str }, ['title', 'body', 'summary']),
      });
      expect(breaking(base, head)).toEqual([
        `${REQUEST}.properties.body: became required`,
        `${REQUEST}.properties.summary: new required property`,
      ]);
    });

    it('reports a removed request field, whose value the server would now silently drop', () => {
      const base = spec({
        request: object({ title: str, tagList: { type: 'array', items: str } }),
      });
      const head = spec({ request: object({ title: str }) });
      expect(breaking(base, head)).toEqual([
        `${REQUEST}.properties.tagList: request property removed`,
      ]);
    });

    it('accepts widening: a longer maxLength, new enum values, an optional field, number for integer', () => {
      const base = spec({
        request: object({
          title: { type: 'string', maxLength: 100 },
          kind: { type: 'string', enum: ['a'] },
          n: { type: 'integer' },
        }),
      });
      const head = spec({
        request: object({
          title: { type: 'string', maxLength: 200 },
          kind: { type: 'string', enum: ['a', 'b'] },
          n: { type: 'number' },
          tags: str,
        }),
      });
      expect(breaking(base, head)).toEqual([]);
      expect(nonBreaking(base, head)).toEqual([
        `${REQUEST}.properties.title.maxLength: maxLength raised from 100 to 200`,
        `${REQUEST}.properties.kind.enum: enum value(s) added: "b"`,
        `${REQUEST}.properties.n: type changed from integer to number`,
        `${REQUEST}.properties.tags: optional request property added`,
      ]);
    });

    it('reports a request field that no longer accepts null', () => {
      const base = spec({ request: object({ image: { type: 'string', nullable: true } }) });
      const head = spec({ request: object({ image: str }) });
      expect(breaking(base, head)).toEqual([`${REQUEST}.properties.image: no longer accepts null`]);
    });

    it('ignores read-only fields in requests', () => {
      const base = spec({
        request: object({ title: str, slug: { type: 'string', readOnly: true } }),
      });
      const head = spec({ request: object({ title: str }) });
      expect(breaking(base, head)).toEqual([]);
    });

    it('reports a request body that becomes required, and a request media type dropped', () => {
      const base = spec({});
      base.paths['/articles'].post.requestBody = {
        content: { 'application/json': { schema: str }, 'text/plain': { schema: str } },
      };
      const head = spec({});
      head.paths['/articles'].post.requestBody.content = { 'application/json': { schema: str } };
      expect(breaking(base, head)).toEqual([
        "$.paths['/articles'].post.requestBody: request body became required",
        "$.paths['/articles'].post.requestBody.content['text/plain']: no longer accepts text/plain",
      ]);
    });
  });

  describe('response bodies (what clients read must keep its shape)', () => {
    it('reports a removed field, a changed type and a field that may now be absent', () => {
      const base = spec({
        response: object({ slug: str, favoritesCount: { type: 'integer' }, title: str }, [
          'slug',
          'title',
        ]),
      });
      const head = spec({ response: object({ slug: { type: 'integer' }, title: str }, ['slug']) });
      expect(breaking(base, head)).toEqual([
        `${RESPONSE}.properties.slug: type changed from string to integer`,
        `${RESPONSE}.properties.favoritesCount: response property removed`,
        `${RESPONSE}.properties.title: no longer required (may be absent)`,
      ]);
    });

    it('reports a field that may now be null, in 3.0 nullable and in 3.1 type-array spelling', () => {
      const base = spec({ response: object({ bio: str }) });
      expect(
        breaking(base, spec({ response: object({ bio: { type: 'string', nullable: true } }) })),
      ).toEqual([`${RESPONSE}.properties.bio: may now be null`]);
      const base31 = spec({ version: '3.1.0', response: object({ bio: str }) });
      const head31 = spec({
        version: '3.1.0',
        response: object({ bio: { type: ['string', 'null'] } }),
      });
      expect(breaking(base31, head31)).toEqual([`${RESPONSE}.properties.bio: may now be null`]);
    });

    it('reports new enum values a client may not handle, and accepts new fields', () => {
      const base = spec({ response: object({ status: { type: 'string', enum: ['draft'] } }) });
      const head = spec({
        response: object({ status: { type: 'string', enum: ['draft', 'published'] }, extra: str }),
      });
      expect(breaking(base, head)).toEqual([
        `${RESPONSE}.properties.status.enum: enum value(s) added: "published"`,
      ]);
      expect(nonBreaking(base, head)).toEqual([
        `${RESPONSE}.properties.extra: response property added`,
      ]);
    });

    it('ignores write-only fields in responses', () => {
      const base = spec({
        response: object({ slug: str, password: { type: 'string', writeOnly: true } }),
      });
      const head = spec({ response: object({ slug: str }) });
      expect(breaking(base, head)).toEqual([]);
    });
  });

  describe('$ref, allOf, oneOf', () => {
    it('follows $refs into components', () => {
      const schemas = (props: Json): Json => ({ Article: object(props, Object.keys(props)) });
      const base = spec({
        response: { $ref: '#/components/schemas/Article' },
        schemas: schemas({ slug: str, title: str }),
      });
      const head = spec({
        response: { $ref: '#/components/schemas/Article' },
        schemas: schemas({ slug: str }),
      });
      expect(breaking(base, head)).toEqual([
        `${RESPONSE}.properties.title: response property removed`,
      ]);
    });

    it('merges allOf members, as @nestjs/swagger writes a nullable or described $ref', () => {
      const schemas = { Profile: object({ username: str, bio: str }, ['username']) };
      const base = spec({
        response: object({ author: { allOf: [{ $ref: '#/components/schemas/Profile' }] } }),
        schemas,
      });
      const head = spec({
        response: object({
          author: { allOf: [{ $ref: '#/components/schemas/Profile' }], nullable: true },
        }),
        schemas: { Profile: object({ username: str }, ['username']) },
      });
      expect(breaking(base, head)).toEqual([
        `${RESPONSE}.properties.author: may now be null`,
        `${RESPONSE}.properties.author.properties.bio: response property removed`,
      ]);
    });

    it('treats oneOf [X, null] as a nullable X', () => {
      const base = spec({ version: '3.1.0', response: object({ bio: str }) });
      const head = spec({
        version: '3.1.0',
        response: object({ bio: { oneOf: [str, { type: 'null' }] } }),
      });
      expect(breaking(base, head)).toEqual([`${RESPONSE}.properties.bio: may now be null`]);
    });

    it('pairs oneOf variants by schema name: a new response variant breaks, a new request variant does not', () => {
      const schemas = { Cat: object({ meow: str }), Dog: object({ bark: str }) };
      const one = { oneOf: [{ $ref: '#/components/schemas/Cat' }] };
      const two = {
        oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
      };
      expect(breaking(spec({ response: one, schemas }), spec({ response: two, schemas }))).toEqual([
        `${RESPONSE}.oneOf[1]: variant Dog added`,
      ]);
      expect(breaking(spec({ request: one, schemas }), spec({ request: two, schemas }))).toEqual(
        [],
      );
      expect(breaking(spec({ request: two, schemas }), spec({ request: one, schemas }))).toEqual([
        `${REQUEST}.oneOf[1]: variant Dog removed`,
      ]);
    });

    it('compares recursive schemas without looping', () => {
      const comment = (extra: Json): Json => ({
        Comment: object({
          body: str,
          replies: { type: 'array', items: { $ref: '#/components/schemas/Comment' } },
          ...extra,
        }),
      });
      const base = spec({
        response: { $ref: '#/components/schemas/Comment' },
        schemas: comment({ id: str }),
      });
      const head = spec({
        response: { $ref: '#/components/schemas/Comment' },
        schemas: comment({}),
      });
      expect(breaking(base, head)).toEqual([
        `${RESPONSE}.properties.id: response property removed`,
      ]);
    });

    it('stops with an error on a $ref that points nowhere', () => {
      const head = spec({ response: { $ref: '#/components/schemas/Missing' } });
      expect(() => compareSpecs(spec({}), head)).toThrow(
        'unresolved $ref #/components/schemas/Missing',
      );
    });
  });
});
