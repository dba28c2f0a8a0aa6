import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse, validate } from 'graphql';
import { noSubscriptionOverHttpRule } from './http-operations.rule.js';
import { storableTextRule } from './storable-text.js';

const schema = buildSchema(`
  type Query { article(slug: String!): String }
  type Subscription { commentAdded(slug: String!): String }
`);
const reasons = (query: string) =>
  validate(schema, parse(query), [storableTextRule, noSubscriptionOverHttpRule]).map(
    (error) => error.extensions.reason,
  );

describe('GraphQL input rules', () => {
  it('refuses a NUL in a string literal', () => {
    expect(reasons('{ article(slug: "fine") }')).toEqual([]);
    expect(reasons('{ article(slug: "a\\u0000b") }')).toEqual(['INVALID_CHARACTERS']);
  });

  it('refuses a subscription (over HTTP, where these rules run)', () => {
    expect(reasons('subscription { commentAdded(slug: "x") }')).toEqual(['SUBSCRIPTION_OVER_HTTP']);
  });
});
