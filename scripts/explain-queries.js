// Prints EXPLAIN (ANALYZE, BUFFERS) for the API's main read queries against DATABASE_URL,
// which should hold seeded data (npm run seed). Usage: DATABASE_URL=... node scripts/explain-queries.js
import pg from 'pg';
import { ArticleReadQueries } from '../dist/src/modules/articles/article-read.queries.js';

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
const one = async (sql, values = []) => (await client.query(sql, values)).rows[0];

const popularTag = (
  await one(
    `SELECT t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id GROUP BY t.name ORDER BY count(*) DESC LIMIT 1`,
  )
).name;
const rareTag = (
  await one(
    `SELECT t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id GROUP BY t.name ORDER BY count(*) LIMIT 1`,
  )
).name;
const author = (
  await one(
    `SELECT u.username FROM users u JOIN articles a ON a.author_id = u.id GROUP BY u.id ORDER BY count(*) DESC LIMIT 1`,
  )
).username;
const fan = await one(
  `SELECT u.id, u.username FROM users u JOIN favorites f ON f.user_id = u.id GROUP BY u.id ORDER BY count(*) DESC LIMIT 1`,
);
const follower = (
  await one(
    `SELECT follower_id AS id FROM follows GROUP BY follower_id ORDER BY count(*) DESC LIMIT 1`,
  )
).id;
const slug = (await one(`SELECT slug FROM articles ORDER BY favorites_count DESC LIMIT 1`)).slug;
const page = { limit: 20, offset: 0 };

const cases = [
  ['global list, anonymous', ArticleReadQueries.page({}, page)],
  ['global list, signed in (viewer flags)', ArticleReadQueries.page({}, page, fan.id)],
  ['count, global', ArticleReadQueries.count({})],
  [`tag filter, popular tag "${popularTag}"`, ArticleReadQueries.page({ tag: popularTag }, page)],
  [`tag filter, rare tag "${rareTag}"`, ArticleReadQueries.page({ tag: rareTag }, page)],
  [`count, popular tag`, ArticleReadQueries.count({ tag: popularTag })],
  [`author filter "${author}"`, ArticleReadQueries.page({ author }, page)],
  [
    `favorited filter "${fan.username}"`,
    ArticleReadQueries.page({ favorited: fan.username }, page),
  ],
  [
    'feed of the user following the most authors',
    ArticleReadQueries.page({ feedOf: follower }, page, follower),
  ],
  ['count, feed', ArticleReadQueries.count({ feedOf: follower })],
  ['deep page (offset 5000)', ArticleReadQueries.page({}, { limit: 20, offset: 5000 })],
  ['article by slug', ArticleReadQueries.bySlug(slug, fan.id)],
  [
    'comments of the article',
    {
      text: `SELECT c.id FROM comments c WHERE c.article_id = (SELECT id FROM articles WHERE slug = $1) ORDER BY c.created_at DESC`,
      values: [slug],
    },
  ],
  [
    'login lookup by email',
    {
      text: 'SELECT id FROM users WHERE lower(email) = lower($1)',
      values: ['someone@example.com'],
    },
  ],
];

for (const [name, sql] of cases) {
  const { rows } = await client.query(
    `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql.text}`,
    sql.values,
  );
  console.log(`\n### ${name}\n`);
  for (const row of rows) console.log(row['QUERY PLAN']);
}
await client.end();
