import { Injectable } from '@nestjs/common';
import type { Principal } from '../../platform/auth/authenticated-request.js';
import { isModerator } from '../../platform/auth/roles.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CacheService } from '../../infra/cache/cache.service.js';
import { IdempotencyService } from '../../platform/idempotency/idempotency.service.js';
import { ArticleCache, authorCacheKeys } from './article-cache.js';
import { ArticleReadQueries, type Sql } from './article-read.queries.js';
import { runSql } from './article-sql.js';
import { ArticleWrites } from './article-writes.js';
import { ArticleError } from './articles.errors.js';
import {
  toArticleView,
  type ArticleResponse,
  type ArticleRow,
  type ArticleView,
} from './dto/article.response.js';
import type { CreateArticleFields } from './dto/create-article.dto.js';
import type { UpdateArticleFields } from './dto/update-article.dto.js';

/** Changes to articles, their tags and favorites: the business rules, and which writes invalidate what. */
@Injectable()
export class ArticlesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: CacheService,
    private readonly idempotency: IdempotencyService,
  ) {}

  async create(
    authorId: string,
    fields: CreateArticleFields,
    idempotencyKey?: string,
  ): Promise<{ response: ArticleResponse; replayed: boolean }> {
    const { value, replayed } = await this.idempotency.run(
      { userId: authorId, key: idempotencyKey, scope: 'create-article', payload: fields },
      async (manager) => {
        const { id, slug } = await ArticleWrites.insert(manager, authorId, fields);
        await ArticleWrites.setTags(manager, id, fields.tagList ?? []);
        return { article: await this.readOne(manager, slug, authorId) };
      },
    );
    if (!replayed) await this.invalidateLists(value.article.slug, true);
    return { response: value, replayed };
  }

  async update(
    viewerId: string,
    slug: string,
    changes: UpdateArticleFields,
  ): Promise<ArticleResponse> {
    const response = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockOwned(manager, slug, viewerId);
      const newSlug =
        changes.title !== undefined && changes.title !== current.title
          ? await ArticleWrites.renameSlug(manager, current.id, changes.title)
          : current.slug;
      await manager.query(
        `UPDATE articles SET title = COALESCE($2, title), description = COALESCE($3, description),
           body = COALESCE($4, body), updated_at = now() WHERE id = $1`,
        [current.id, changes.title ?? null, changes.description ?? null, changes.body ?? null],
      );
      if (changes.tagList !== undefined)
        await ArticleWrites.setTags(manager, current.id, changes.tagList);
      return { article: await this.readOne(manager, newSlug, viewerId) };
    });
    await this.invalidateLists(slug, changes.tagList !== undefined, response.article.slug);
    return response;
  }

  /** The author may delete an article; so may a moderator (admin), anyone's. */
  async delete(viewer: Pick<Principal, 'userId' | 'role'>, slug: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const current = await this.lockOwned(manager, slug, viewer.userId, isModerator(viewer));
      await manager.query('DELETE FROM articles WHERE id = $1', [current.id]);
    });
    await this.invalidateLists(slug, true);
  }

  async setFavorite(viewerId: string, slug: string, favorite: boolean): Promise<ArticleResponse> {
    const { response, changed } = await this.dataSource.transaction(async (manager) => {
      const [article] = await this.query<{ id: string }>(
        { text: 'SELECT id FROM articles WHERE slug = $1', values: [slug] },
        manager,
      );
      if (!article) throw ArticleError.notFound(slug);
      const changed = await ArticleWrites.setFavorite(manager, viewerId, article.id, favorite);
      return { response: { article: await this.readOne(manager, slug, viewerId) }, changed };
    });
    if (changed) await this.invalidateLists(slug, false);
    return response;
  }

  /** Drops cached articles showing this author, for when the author's profile changes. */
  async invalidateAuthor(authorId: string): Promise<void> {
    await this.cache.invalidate(...(await authorCacheKeys(this.dataSource.manager, authorId)));
  }

  private async readOne(
    manager: EntityManager,
    slug: string,
    viewerId: string,
  ): Promise<ArticleView> {
    const [row] = await this.query<ArticleRow>(ArticleReadQueries.bySlug(slug, viewerId), manager);
    if (!row) throw ArticleError.notFound(slug);
    return toArticleView(row);
  }

  /** Locks the article for the rest of the transaction; only its author may go on. */
  private async lockOwned(
    manager: EntityManager,
    slug: string,
    viewerId: string,
    moderator = false,
  ) {
    const [article] = await this.query<{
      id: string;
      slug: string;
      title: string;
      author_id: string;
    }>(
      {
        text: 'SELECT id, slug, title, author_id FROM articles WHERE slug = $1 FOR UPDATE',
        values: [slug],
      },
      manager,
    );
    if (!article) throw ArticleError.notFound(slug);
    if (article.author_id !== viewerId && !moderator) throw ArticleError.notAuthor();
    return article;
  }

  private invalidateLists(slug: string, tagsChanged: boolean, newSlug?: string): Promise<void> {
    const keys = [ArticleCache.listKey(), ArticleCache.slugKey(slug)];
    if (newSlug && newSlug !== slug) keys.push(ArticleCache.slugKey(newSlug));
    if (tagsChanged) keys.push(ArticleCache.tagsKey());
    return this.cache.invalidate(...keys);
  }

  private query<T>(sql: Sql, manager?: EntityManager): Promise<T[]> {
    return runSql<T>(manager ?? this.dataSource.manager, sql);
  }
}
