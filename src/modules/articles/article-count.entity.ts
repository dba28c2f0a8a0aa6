import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One of 16 slots whose sum is the number of articles. Only triggers on `articles` write them
 * (migrations/1764100000000-AddArticleCounts.ts); the global list reads the sum.
 */
@Entity({ name: 'article_counts' })
export class ArticleCountEntity {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'article_counts_pkey' })
  slot: number;

  /** May go below zero: an article is often deleted by another session than the one that created it. */
  @Column({ type: 'integer', default: 0 })
  count: number;
}
