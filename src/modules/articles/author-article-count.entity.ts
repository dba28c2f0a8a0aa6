import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity.js';

/**
 * How many articles one author has. Only triggers on `articles` write it
 * (migrations/1764100000000-AddArticleCounts.ts); the feed and `?author=` read it.
 */
@Entity({ name: 'author_article_counts' })
export class AuthorArticleCountEntity {
  @PrimaryColumn({
    name: 'author_id',
    type: 'uuid',
    primaryKeyConstraintName: 'author_article_counts_pkey',
  })
  authorId: string;

  @Column({ type: 'integer', default: 0 })
  count: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'author_article_counts_author_fkey' })
  author?: UserEntity;
}
