import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  buildClientSchema,
  getIntrospectionQuery,
  type IntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';

// schema:check compares schema.graphql with the export from the code; this compares it with what
// the running app serves, so the export cannot drift from the server either.
const committedSdl = () =>
  readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8')
    .replace(/^(#.*\n)+\n/, '')
    .trimEnd();

describe('POST /graphql introspection', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('serves exactly the schema committed in schema.graphql', async () => {
    const response = await request(api.server)
      .post('/graphql')
      .send({ query: getIntrospectionQuery() });
    expect(response.body.errors).toBeUndefined();
    expect(response.status).toBe(200);

    const served = buildClientSchema(response.body.data as IntrospectionQuery);
    // On failure: npm run build && npm run schema:export, then commit schema.graphql.
    expect(printSchema(lexicographicSortSchema(served))).toBe(committedSdl());
  });
});
