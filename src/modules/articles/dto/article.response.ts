import type { Profile } from '../../profiles/dto/profile.response.js';

/** The RealWorld `Article`. List items leave out `body`. */
export interface ArticleView {
  slug: string;
  title: string;
  description: string;
  body?: string;
  /** Cover image set through `PUT /api/articles/:slug/image` (not in the RealWorld spec), or null. */
  image: string | null;
  tagList: string[];
  createdAt: string;
  updatedAt: string;
  favorited: boolean;
  favoritesCount: number;
  author: Profile;
}

export interface ArticleResponse {
  article: ArticleView;
}

export interface ArticleListResponse {
  articles: ArticleView[];
  articlesCount: number;
}

/** A row of the read queries in article-read.queries.ts. */
export interface ArticleRow {
  id: string;
  slug: string;
  title: string;
  description: string;
  body?: string;
  article_image: string | null;
  tag_list: string[];
  created_at: Date;
  updated_at: Date;
  favorites_count: number;
  author_id: string;
  username: string;
  bio: string;
  image: string;
  favorited: boolean;
  following: boolean;
}

export function toArticleView(row: ArticleRow): ArticleView {
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    ...(row.body !== undefined ? { body: row.body } : {}),
    image: row.article_image,
    tagList: row.tag_list,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    favorited: row.favorited,
    favoritesCount: row.favorites_count,
    author: { username: row.username, bio: row.bio, image: row.image, following: row.following },
  };
}
