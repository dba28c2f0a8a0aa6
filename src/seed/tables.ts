import type { Column, TableSpec } from './bulk-insert.js';
import type { ArticleRow, CommentRow, FavoriteRow, FollowRow, UserRow } from './world.js';

/** An article with its number of favorites, drawn before it is inserted. */
export interface ArticleInsert extends ArticleRow {
  favoritesCount: number;
}

/** An article_tags row once the tag's name has been swapped for its database id. */
export interface ArticleTagInsert {
  articleId: string;
  tagId: number;
}

// Generators keep times as epoch milliseconds; ISO strings carry the zone into timestamptz.
const at = (ms: number) => new Date(ms).toISOString();

const column = <Row>(name: string, type: string, value: (row: Row) => unknown): Column<Row> => ({
  name,
  type,
  value,
});

export const USERS: TableSpec<UserRow> = {
  table: 'users',
  columns: [
    column('id', 'uuid', (row) => row.id),
    column('email', 'text', (row) => row.email),
    column('username', 'text', (row) => row.username),
    column('password_hash', 'text', (row) => row.passwordHash),
    column('bio', 'text', (row) => row.bio),
    column('image', 'text', (row) => row.image),
    column('created_at', 'timestamptz', (row) => at(row.createdAt)),
    column('updated_at', 'timestamptz', (row) => at(row.updatedAt)),
  ],
};

export const FOLLOWS: TableSpec<FollowRow> = {
  table: 'follows',
  columns: [
    column('follower_id', 'uuid', (row) => row.followerId),
    column('followee_id', 'uuid', (row) => row.followeeId),
    column('created_at', 'timestamptz', (row) => at(row.createdAt)),
  ],
};

export const ARTICLES: TableSpec<ArticleInsert> = {
  table: 'articles',
  columns: [
    column('id', 'uuid', (row) => row.id),
    column('slug', 'text', (row) => row.slug),
    column('title', 'text', (row) => row.title),
    column('description', 'text', (row) => row.description),
    column('body', 'text', (row) => row.body),
    column('author_id', 'uuid', (row) => row.authorId),
    column('favorites_count', 'int4', (row) => row.favoritesCount),
    column('created_at', 'timestamptz', (row) => at(row.createdAt)),
    column('updated_at', 'timestamptz', (row) => at(row.updatedAt)),
  ],
};

export const ARTICLE_TAGS: TableSpec<ArticleTagInsert> = {
  table: 'article_tags',
  columns: [
    column('article_id', 'uuid', (row) => row.articleId),
    column('tag_id', 'int4', (row) => row.tagId),
  ],
};

export const FAVORITES: TableSpec<FavoriteRow> = {
  table: 'favorites',
  columns: [
    column('user_id', 'uuid', (row) => row.userId),
    column('article_id', 'uuid', (row) => row.articleId),
    column('created_at', 'timestamptz', (row) => at(row.createdAt)),
  ],
};

export const COMMENTS: TableSpec<CommentRow> = {
  table: 'comments',
  columns: [
    column('article_id', 'uuid', (row) => row.articleId),
    column('author_id', 'uuid', (row) => row.authorId),
    column('body', 'text', (row) => row.body),
    column('created_at', 'timestamptz', (row) => at(row.createdAt)),
    column('updated_at', 'timestamptz', (row) => at(row.updatedAt)),
  ],
};
