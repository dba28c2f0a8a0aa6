import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse } from 'graphql';
import { memoizableOperation } from './memoizable-operation.js';

// Author.articles gets a resolver of its own below, as a @ResolveField would.
const schema = buildSchema(`
  type Author { username: String! articles: [Article!]! }
  type Article { slug: String! author: Author! }
  type Query { articles(tag: String): [Article!]! tags: [String!]! }
  type Mutation { touch: Boolean }
`);
(
  schema.getType('Author') as unknown as { getFields(): Record<string, { resolve?: unknown }> }
).getFields().articles.resolve = () => [];

const judge = (query: string) => memoizableOperation(schema, parse(query));

describe('memoizableOperation', () => {
  it('takes a query of plain fields, counting root fields (aliases apart, __typename not)', () => {
    expect(
      judge('query Page { a: articles { slug } b: articles(tag: "x") { slug } __typename }'),
    ).toEqual({ rootFields: 2, name: 'Page' });
  });

  it('follows fragments, inline or named', () => {
    const query = `{ articles { ...A } } fragment A on Article { slug author { ... on Author { username } } }`;
    expect(judge(query)?.rootFields).toBe(1);
  });

  it('refuses a field with a resolver of its own, however deep or however reached', () => {
    expect(judge('{ articles { author { articles { slug } } } }')).toBeUndefined();
    expect(
      judge('{ articles { ...A } } fragment A on Article { author { articles { slug } } }'),
    ).toBeUndefined();
  });

  it('refuses mutations, several operations, root directives and root fragments', () => {
    expect(judge('mutation { touch }')).toBeUndefined();
    expect(judge('query A { tags } query B { tags }')).toBeUndefined();
    expect(judge('query ($on: Boolean!) { tags @include(if: $on) }')).toBeUndefined();
    expect(judge('{ ... on Query { tags } }')).toBeUndefined();
    expect(judge('{ __typename }')).toBeUndefined();
  });
});
