import { ApiProperty } from '@nestjs/swagger';
import { Profile } from '../../profiles/dto/profile.response.js';

/** An article as list items show it: the RealWorld `Article` without its body. */
export class ArticleSummary {
  @ApiProperty({ example: 'how-to-train-your-dragon-x1y2z3' })
  slug: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  description: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Cover image set through PUT /api/articles/{slug}/image (not in RealWorld), or null.',
  })
  image: string | null;

  @ApiProperty({ type: [String], description: 'Sorted alphabetically.' })
  tagList: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ description: 'Whether the caller favorited it (false when anonymous).' })
  favorited: boolean;

  @ApiProperty({ type: 'integer', minimum: 0 })
  favoritesCount: number;

  @ApiProperty()
  author: Profile;
}

/** The RealWorld `Article`. */
export class Article extends ArticleSummary {
  @ApiProperty()
  body: string;
}

/** What the read paths build: an article, whose body list items leave out. */
export type ArticleView = ArticleSummary & { body?: string };

export class ArticleResponse {
  @ApiProperty({ type: Article })
  article: ArticleView;
}

export class ArticleListResponse {
  @ApiProperty({ type: [ArticleSummary] })
  articles: ArticleView[];

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Articles matching the filters, over all pages.',
  })
  articlesCount: number;
}

export class TagsResponse {
  @ApiProperty({ type: [String] })
  tags: string[];
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
