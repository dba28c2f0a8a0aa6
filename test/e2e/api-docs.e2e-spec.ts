import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { ARTICLE_LIMITS } from '../../src/modules/articles/dto/create-article.dto.js';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
} from '../../src/modules/articles/dto/list-articles.query.js';
import { otherOriginReferences } from '../support/page-references.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const committed = JSON.parse(readFileSync('openapi.json', 'utf8')) as Record<string, unknown>;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('openapi.json', () => {
  const document = committed as Json;

  it('states the limits the DTOs enforce, because the DTOs say so', () => {
    const fields = document.components.schemas.CreateArticleFields.properties;
    expect(fields.title).toMatchObject({ minLength: 1, maxLength: ARTICLE_LIMITS.title });
    expect(fields.body).toMatchObject({ maxLength: ARTICLE_LIMITS.body });
    const limit = (document.paths['/api/articles'].get.parameters as Json[]).find(
      (parameter) => parameter.name === 'limit',
    );
    expect(limit?.schema).toEqual({
      type: 'integer',
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
      default: DEFAULT_PAGE_SIZE,
    });
  });

  it('gives every operation an operationId, its 4xx answers and problem details', () => {
    for (const [path, item] of Object.entries(document.paths as Json)) {
      for (const [method, operation] of Object.entries(item as Json)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect({ where, id: typeof operation.operationId }).toEqual({ where, id: 'string' });
        const statuses = Object.keys(operation.responses);
        expect({ where, has4xx: statuses.some((s) => s.startsWith('4')) }).toEqual({
          where,
          has4xx: true,
        });
        expect(operation.responses['500']).toEqual({
          $ref: '#/components/responses/InternalServerError',
        });
      }
    }
  });
});

describe('API documentation (/openapi.json and /docs)', () => {
  describe('outside production (default on)', () => {
    let api: TestApp;
    beforeAll(async () => {
      api = await startTestApp();
    });
    afterAll(() => api.close());

    it('serves the same document as the committed openapi.json', async () => {
      const response = await request(api.server).get('/openapi.json').expect(200);
      expect(response.headers['content-type']).toContain('application/json');
      expect(response.body).toEqual(committed);
    });

    it('serves Swagger UI whose page and scripts load nothing from another origin', async () => {
      const page = await request(api.server).get('/docs').expect(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(otherOriginReferences(page.text)).toEqual([]);
      const scripts = [...page.text.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
      const styles = [...page.text.matchAll(/<link[^>]+href="([^"]+\.css)"/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThanOrEqual(3);
      for (const asset of [...scripts, ...styles]) {
        const url = new URL(asset, 'http://self/docs').pathname;
        const response = await request(api.server).get(url).buffer(true).expect(200);
        expect({ url, external: otherOriginReferences(String(response.text ?? '')) }).toEqual({
          url,
          external: [],
        });
      }
    });

    it('points Swagger UI at this server only, with no validator badge', async () => {
      const init = await request(api.server).get('/docs/swagger-ui-init.js').expect(200);
      expect(init.text).toContain('"validatorUrl": null');
    });

    it('gives /docs a CSP that runs scripts from this origin only', async () => {
      const response = await request(api.server).get('/docs').expect(200);
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|https?:)/);
      expect(csp).toContain("frame-ancestors 'none'");
    });
  });

  describe('with API_DOCS_ENABLED=false', () => {
    let api: TestApp;
    beforeAll(async () => {
      api = await startTestApp({ API_DOCS_ENABLED: 'false' });
    });
    afterAll(() => api.close());

    it.each([['/docs'], ['/openapi.json'], ['/docs/swagger-ui-init.js']])(
      'answers %s with a plain 404 problem',
      async (path) => {
        const response = await request(api.server).get(path).expect(404);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.body.status).toBe(404);
      },
    );
  });
});
