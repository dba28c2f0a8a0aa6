import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse, validate } from 'graphql';
import { aliasCountRule } from './alias-count.rule.js';

const schema = buildSchema(`
  type Query { tags: [String!]!, article(slug: String!): Article }
  type Article { title: String! }
`);

const errorsAt = (maxAliases: number, query: string) =>
  validate(schema, parse(query), [aliasCountRule(maxAliases)]);

describe('aliasCountRule', () => {
  it('refuses more aliases than the limit', () => {
    const query = '{ a: article(slug: "a") { title } b: article(slug: "b") { t: title } }';
    expect(errorsAt(3, query)).toEqual([]);
    const [error] = errorsAt(2, query);
    expect(error?.message).toBe('The operation uses 3 aliases; the limit is 2.');
    expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_ALIASES' });
  });

  it('counts the aliases of a fragment once per spread', () => {
    const query = `
      { a: article(slug: "a") { ...F } b: article(slug: "b") { ...F } }
      fragment F on Article { x: title y: title }`;
    expect(errorsAt(6, query)).toEqual([]);
    expect(errorsAt(5, query)).toHaveLength(1);
  });
});
