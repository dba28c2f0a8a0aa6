import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../../platform/auth/authenticated-request.js';
import { isModerator } from '../../platform/auth/roles.js';
import { IdempotencyService } from '../../platform/idempotency/idempotency.service.js';
import type { Paging } from '../articles/article-filters.js';
import { ArticleError } from '../articles/articles.errors.js';
import { CommentEvents } from './comment-events.js';
import { CommentError } from './comments.errors.js';
import type { AddCommentFields } from './dto/add-comment.dto.js';
import { toCommentView, type CommentRow, type CommentView } from './dto/comment.response.js';

// One statement for all comments with their authors and the viewer's `following` flags.
const COMMENTS_SQL = `
  SELECT c.id, c.body, c.created_at, c.updated_at, u.username, u.bio, u.image,
    CASE WHEN $2::uuid IS NULL THEN false
         ELSE EXISTS (SELECT 1 FROM follows WHERE follower_id = $2 AND followee_id = c.author_id)
    END AS following
  FROM comments c JOIN users u ON u.id = c.author_id
  WHERE c.article_id = $1`;

/** Comments on articles; newest first. */
@Injectable()
export class CommentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyService,
    private readonly events: CommentEvents,
  ) {}

  /** One page of an article's comments, newest first. */
  async list(
    slug: string,
    paging: Paging,
    viewerId?: string,
  ): Promise<{ comments: CommentView[] }> {
    const articleId = await this.articleId(this.dataSource.manager, slug);
    const rows: CommentRow[] = await this.dataSource.query(
      `${COMMENTS_SQL} ORDER BY c.created_at DESC, c.id DESC LIMIT $3 OFFSET $4`,
      [articleId, viewerId ?? null, paging.limit, paging.offset],
    );
    return { comments: rows.map(toCommentView) };
  }

  async add(
    authorId: string,
    slug: string,
    fields: AddCommentFields,
    idempotencyKey?: string,
  ): Promise<{ response: { comment: CommentView }; replayed: boolean }> {
    const { value, replayed } = await this.idempotency.run(
      { userId: authorId, key: idempotencyKey, scope: 'add-comment', payload: { slug, ...fields } },
      async (manager) => {
        const articleId = await this.articleId(manager, slug);
        const [{ id }]: { id: number }[] = await manager.query(
          'INSERT INTO comments (article_id, author_id, body) VALUES ($1, $2, $3) RETURNING id',
          [articleId, authorId, fields.body],
        );
        const [row]: CommentRow[] = await manager.query(`${COMMENTS_SQL} AND c.id = $3`, [
          articleId,
          null,
          id,
        ]);
        return { comment: toCommentView(row) };
      },
    );
    // After the commit: listeners never hear of a comment that was rolled back, nor twice of one.
    if (!replayed) this.events.added(slug, value.comment);
    return { response: value, replayed };
  }

  /** Throws the article's not-found error for an unknown slug (before watching its comments). */
  async assertArticleExists(slug: string): Promise<void> {
    await this.articleId(this.dataSource.manager, slug);
  }

  /** The comment's author may delete it; so may a moderator (admin), anyone's. */
  async delete(
    viewer: Pick<Principal, 'userId' | 'role'>,
    slug: string,
    commentId: number,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const articleId = await this.articleId(manager, slug);
      const [comment]: { author_id: string }[] = await manager.query(
        'SELECT author_id FROM comments WHERE id = $1 AND article_id = $2 FOR UPDATE',
        [commentId, articleId],
      );
      if (!comment) throw CommentError.notFound(commentId);
      if (comment.author_id !== viewer.userId && !isModerator(viewer)) {
        throw CommentError.notAuthor();
      }
      await manager.query('DELETE FROM comments WHERE id = $1', [commentId]);
    });
  }

  private async articleId(manager: EntityManager, slug: string): Promise<string> {
    const [article]: { id: string }[] = await manager.query(
      'SELECT id FROM articles WHERE slug = $1',
      [slug],
    );
    if (!article) throw ArticleError.notFound(slug);
    return article.id;
  }
}
