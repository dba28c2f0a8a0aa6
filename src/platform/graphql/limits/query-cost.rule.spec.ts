import { describe, expect, it } from '@jest/globals';
import {
  buildSchema,
  getIntrospectionQuery,
  isObjectType,
  parse,
  validate,
  type GraphQLSchema,
} from 'graphql';
import { loadConfig } from '../../../config/load-config.js';
import { uncappedLists } from './list-cap.js';
import { queryCostRule } from './query-cost.rule.js';

/** What `@ListCap` and `@FieldCost` do in the code-first schema: set the field's extensions. */
function withExtensions(
  built: GraphQLSchema,
  extensions: Record<string, Record<string, number>>,
): GraphQLSchema {
  for (const [path, values] of Object.entries(extensions)) {
    const [typeName, fieldName] = path.split('.');
    const type = built.getType(typeName);
    if (!isObjectType(type)) throw new Error(path);
    Object.assign(type.getFields()[fieldName], { extensions: values });
  }
  return built;
}

// The shape of the real schema's lists: a page with a limit, authors' articles (default 5),
// comments with a limit, and a list without a cap (`drafts`) as a new field might forget one.
const sdl = `
  type Query {
    articles(limit: Int = 20, offset: Int): ArticlesPage!, tags: [String!]!,
    comments(limit: Int = 20): [Comment!]!, drafts: [Article!]!
  }
  type ArticlesPage { articles: [Article!]!, articlesCount: Int! }
  type Article { slug: String!, title: String!, body: String!, tagList: [String!]!, author: Profile! }
  type Profile { username: String!, articles(limit: Int! = 5): [Article!]! }
  type Comment { id: Int!, body: String! }
`;
const schema = withExtensions(buildSchema(sdl), {
  'Query.articles': { listCap: 100 },
  'ArticlesPage.articles': { listCap: 100 },
  'Profile.articles': { listCap: 20 },
  'Query.comments': { listCap: 100 },
  'Article.body': { cost: 50 },
});

/** The cost the rule computes, read from its refusal at a limit of 0. */
const costOf = (query: string, variables?: Record<string, unknown>): number => {
  const [error] = validate(schema, parse(query), [queryCostRule(0, variables)]);
  return Number(/costs (\d+)/.exec(error?.message ?? '')?.[1] ?? 0);
};

describe('queryCostRule', () => {
  it('counts one per field, the fields of a page once per item of its limit', () => {
    expect(costOf('{ articles(limit: 100) { articlesCount articles { slug title } } }')).toBe(
      1 + 1 + (1 + 100 * 2),
    );
  });

  it('counts a page at its schema default when no limit is given', () => {
    expect(costOf('{ articles { articles { slug } } }')).toBe(1 + (1 + 20 * 1));
    expect(costOf('{ articles(limit: 1) { articles { author { articles { slug } } } } }')).toBe(
      1 + (1 + 1 * (1 + (1 + 5 * 1))),
    );
  });

  it('counts a limit given as null, literal or variable, at the cap', () => {
    expect(costOf('{ articles(limit: null) { articles { slug } } }')).toBe(1 + (1 + 100));
    const query = 'query ($n: Int) { articles(limit: $n) { articles { slug } } }';
    expect(costOf(query, { n: null })).toBe(1 + (1 + 100));
    expect(costOf('query ($n: Int = null) { comments(limit: $n) { id } }')).toBe(1 + 100);
  });

  it('counts a variable the request leaves out at the schema default', () => {
    expect(costOf('query ($n: Int) { comments(limit: $n) { id body } }')).toBe(1 + 20 * 2);
  });

  it('counts comments at their limit, the default of 20 when left out', () => {
    expect(costOf('{ comments { id body } }')).toBe(1 + 20 * 2);
    expect(costOf('{ comments(limit: 100) { id body } }')).toBe(1 + 100 * 2);
  });

  it("passes a page's limit to the list inside it through a fragment", () => {
    const query =
      '{ articles(limit: 3) { ...Page } } fragment Page on ArticlesPage { articles { slug } }';
    expect(costOf(query)).toBe(1 + (1 + 3));
  });

  it('multiplies nested lists, a null inside counting at its cap too', () => {
    const query =
      '{ articles(limit: null) { articles { author { articles(limit: null) { slug } } } } }';
    expect(costOf(query)).toBe(1 + (1 + 100 * (1 + (1 + 20 * 1))));
  });

  it('counts a long text at its own cost, once per item', () => {
    expect(costOf('{ articles(limit: 10) { articles { slug body } } }')).toBe(1 + (1 + 10 * 51));
  });

  it('refuses any selection under a list of objects without a cap', () => {
    expect(costOf('{ drafts { slug } }')).toBeGreaterThan(loadConfig({}).graphql.maxCost);
    expect(uncappedLists(schema)).toEqual(['Query.drafts']);
  });

  it('counts a limit given as a variable at its value, or at the variable default', () => {
    const query = 'query ($n: Int = 50) { articles(limit: $n) { articles { slug } } }';
    expect(costOf(query, { n: 100 })).toBe(1 + (1 + 100));
    expect(costOf(query)).toBe(1 + (1 + 50));
  });

  it('counts fragments where they are spread, with the page size of that place', () => {
    const query = `
      { articles(limit: 10) { ...Page } }
      fragment Page on ArticlesPage { articles { ...Fields } }
      fragment Fields on Article { slug title }`;
    expect(costOf(query)).toBe(1 + (1 + 10 * 2));
  });

  it('refuses 100 articles with 20 of each author at the default limit', () => {
    const { maxCost } = loadConfig({}).graphql;
    const query = '{ articles(limit:100){ articles { author { articles(limit:20) { title }}}}}';
    expect(costOf(query)).toBeGreaterThan(maxCost);
    const [error] = validate(schema, parse(query), [queryCostRule(maxCost)]);
    expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' });
  });

  it('lets introspection through free', () => {
    expect(validate(schema, parse(getIntrospectionQuery()), [queryCostRule(1)])).toEqual([]);
  });

  it('measures a fragment bomb without expanding it', () => {
    const fragments = Array.from(
      { length: 30 },
      (_, i) => `fragment F${i} on Article { ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const query = `{ articles { articles { ...F0 } } }\n${fragments}\nfragment F30 on Article { slug }`;
    expect(costOf(query)).toBeGreaterThan(2 ** 30);
  });
});
