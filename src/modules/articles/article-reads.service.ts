import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CacheOutcome } from '../../infra/cache/cache-stats.js';
import {
  CacheService,
  type CacheEntry,
  type CacheSource,
} from '../../infra/cache/cache.service.js';
import { ArticleCache } from './article-cache.js';
import type { ArticleFilters, Paging } from './article-filters.js';
import { ArticleReadQueries, type Sql } from './article-read.queries.js';
import { runSql } from './article-sql.js';
import { ArticleError } from './articles.errors.js';
import {
  toArticleView,
  type ArticleListResponse,
  type ArticleResponse,
  type ArticleRow,
  type ArticleView,
} from './dto/article.response.js';

/**
 * A read that may have come from the cache; `private` when it is the viewer's own and never
 * cached, `uncached` when it is a page too deep to be worth caching.
 */
export interface Read<T> {
  value: T;
  cache: CacheOutcome | 'private' | 'uncached';
  /**
   * Set when the value is exactly what one cache entry holds, read from Redis as it is now:
   * a caller may reuse what it derived from the value for as long as the entry's text stays
   * the same (the GraphQL response memo does).
   */
  source?: CacheSource;
}

/** The viewer-neutral article kept in the cache, with the ids needed to add viewer flags. */
interface NeutralArticle {
  id: string;
  authorId: string;
  article: ArticleView;
}

/** Reads of articles and tags: cache first where the answer is the same for every reader. */
@Injectable()
export class ArticleReadsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: CacheService,
  ) {}

  async get(slug: string, viewerId?: string): Promise<Read<ArticleResponse>> {
    const entry = ArticleCache.bySlug(slug);
    const { value, outcome, json } = await this.cache.getOrLoad(entry, () =>
      this.loadNeutral(slug),
    );
    if (!value) throw ArticleError.notFound(slug);
    if (!viewerId) {
      return { value: { article: value.article }, cache: outcome, source: sourceOf(entry, json) };
    }
    const [flags] = await this.query<{ favorited: boolean; following: boolean }>(
      ArticleReadQueries.viewerFlags(viewerId, value.id, value.authorId),
    );
    const { article } = value;
    const author = { ...article.author, following: viewerId !== value.authorId && flags.following };
    return {
      value: { article: { ...article, favorited: flags.favorited, author } },
      cache: outcome,
    };
  }

  /** A page of articles; `withBody` adds the bodies (REST list items leave them out). */
  async list(
    filters: ArticleFilters,
    paging: Paging,
    viewerId?: string,
    withBody = false,
  ): Promise<Read<ArticleListResponse>> {
    if (viewerId) {
      return { value: await this.loadList(filters, paging, viewerId, withBody), cache: 'private' };
    }
    if (!ArticleCache.cachesListPage(paging)) {
      return {
        value: await this.loadList(filters, paging, undefined, withBody),
        cache: 'uncached',
      };
    }
    const entry = ArticleCache.listPage(filters, paging, withBody);
    const { value, outcome, json } = await this.cache.getOrLoad(entry, () =>
      this.loadList(filters, paging, undefined, withBody),
    );
    return { value, cache: outcome, source: sourceOf(entry, json) };
  }

  /**
   * The anonymous REST page as JSON text: a cached page goes out as Redis holds it, without a
   * parse and a stringify of its 10 KB per request.
   */
  async listJson(filters: ArticleFilters, paging: Paging): Promise<Read<string>> {
    if (!ArticleCache.cachesListPage(paging)) {
      return { value: JSON.stringify(await this.loadList(filters, paging)), cache: 'uncached' };
    }
    const { json, outcome } = await this.cache.getOrLoadJson(
      ArticleCache.listPage(filters, paging, false),
      () => this.loadList(filters, paging),
    );
    return { value: json, cache: outcome };
  }

  feed(viewerId: string, paging: Paging, withBody = false): Promise<ArticleListResponse> {
    return this.loadList({ feedOf: viewerId }, paging, viewerId, withBody);
  }

  /** The newest articles of each author, keyed by lower-case username (one statement). */
  async latestByAuthors(
    usernames: readonly string[],
    limit: number,
    viewerId?: string,
  ): Promise<Map<string, ArticleView[]>> {
    const rows = await this.query<ArticleRow>(
      ArticleReadQueries.latestByAuthors([...usernames], limit, viewerId),
    );
    const byAuthor = new Map<string, ArticleView[]>();
    for (const row of rows) {
      const key = row.username.toLowerCase();
      byAuthor.set(key, [...(byAuthor.get(key) ?? []), toArticleView(row)]);
    }
    return byAuthor;
  }

  async tags(): Promise<Read<{ tags: string[] }>> {
    const entry = ArticleCache.tags();
    const { value, outcome, json } = await this.cache.getOrLoad(entry, () => this.loadTags());
    return { value, cache: outcome, source: sourceOf(entry, json) };
  }

  /** {@link tags} as JSON text, the REST answer as it is (cached answers are not re-serialized). */
  async tagsJson(): Promise<Read<string>> {
    const { json, outcome } = await this.cache.getOrLoadJson(ArticleCache.tags(), () =>
      this.loadTags(),
    );
    return { value: json, cache: outcome };
  }

  private async loadTags(): Promise<{ tags: string[] }> {
    const rows = await this.query<{ name: string }>({
      text: `SELECT t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id
             GROUP BY t.id, t.name ORDER BY count(*) DESC, t.name`,
      values: [],
    });
    return { tags: rows.map((row) => row.name) };
  }

  private async loadNeutral(slug: string): Promise<NeutralArticle | null> {
    const [row] = await this.query<ArticleRow>(ArticleReadQueries.bySlug(slug));
    return row ? { id: row.id, authorId: row.author_id, article: toArticleView(row) } : null;
  }

  private async loadList(
    filters: ArticleFilters,
    paging: Paging,
    viewerId?: string,
    withBody = false,
  ): Promise<ArticleListResponse> {
    const [rows, [{ count }]] = await Promise.all([
      this.query<ArticleRow>(ArticleReadQueries.page(filters, paging, viewerId, withBody)),
      this.query<{ count: number }>(ArticleReadQueries.count(filters)),
    ]);
    return { articles: rows.map(toArticleView), articlesCount: count };
  }

  private query<T>(sql: Sql): Promise<T[]> {
    return runSql<T>(this.dataSource.manager, sql);
  }
}

/** A hit's entry and text; a value that was loaded has no source (it may never be stored). */
function sourceOf(entry: CacheEntry, json: string | undefined): CacheSource | undefined {
  return json === undefined ? undefined : { entry, json };
}
