import { describe, expect, it } from '@jest/globals';
import { buildSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { queryDepthRule } from './query-depth.rule.js';

const schema = buildSchema(`
  type Query { articles: [Article!]! }
  type Article { title: String!, author: Profile! }
  type Profile { username: String!, articles: [Article!]! }
`);

const errorsAt = (maxDepth: number, query: string) =>
  validate(schema, parse(query), [queryDepthRule(maxDepth)]);

describe('queryDepthRule', () => {
  it('counts a root field as depth 1', () => {
    const query = '{ articles { author { username } } }';
    expect(errorsAt(3, query)).toEqual([]);
    const [error] = errorsAt(2, query);
    expect(error?.message).toBe('The query nests fields 3 levels deep; the limit is 2.');
    expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_DEEP' });
  });

  it('adds no depth for fragments, but counts the fields inside them', () => {
    const query = `
      { articles { ...A } }
      fragment A on Article { ... on Article { author { ...P } } }
      fragment P on Profile { articles { title } }`;
    expect(errorsAt(4, query)).toEqual([]);
    expect(errorsAt(3, query)).toHaveLength(1);
  });

  it('does not count introspection (GraphiQL asks 15 levels deep)', () => {
    expect(errorsAt(1, getIntrospectionQuery())).toEqual([]);
    expect(errorsAt(1, '{ articles { __typename } }')).toEqual([]);
  });

  it('reports each operation that is too deep', () => {
    const query =
      'query A { articles { author { username } } } query B { articles { title } } query C { articles { author { username } } }';
    expect(errorsAt(2, query)).toHaveLength(2);
  });
});
