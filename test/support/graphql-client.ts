import { ClientError, GraphQLClient } from 'graphql-request';
import type { TestApp } from './test-app.js';

/** A real GraphQL client (graphql-request) against a test app listening on a free port. */
export async function graphqlClientFor(api: TestApp) {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = api.app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${port}/graphql`;
  return {
    url,
    as: (token?: string) =>
      new GraphQLClient(url, token ? { headers: { Authorization: `Token ${token}` } } : {}),
  };
}

/** The `extensions.code` values of a failed request, for assertions. */
export async function errorCodes(request: Promise<unknown>): Promise<string[]> {
  try {
    await request;
  } catch (error) {
    if (error instanceof ClientError) {
      return (error.response.errors ?? []).map((e) => String(e.extensions?.code));
    }
    throw error;
  }
  throw new Error('expected the GraphQL request to fail');
}
