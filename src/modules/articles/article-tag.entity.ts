import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ArticleEntity } from './article.entity.js';
import { TagEntity } from './tag.entity.js';

/** A tag on an article. */
@Entity({ name: 'article_tags' })
@Index('article_tags_tag_idx', ['tagId', 'articleId'])
export class ArticleTagEntity {
  @PrimaryColumn({
    name: 'article_id',
    type: 'uuid',
    primaryKeyConstraintName: 'article_tags_pkey',
  })
  articleId: string;

  @PrimaryColumn({ name: 'tag_id', type: 'integer', primaryKeyConstraintName: 'article_tags_pkey' })
  tagId: number;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'article_tags_article_fkey' })
  article?: ArticleEntity;

  @ManyToOne(() => TagEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tag_id', foreignKeyConstraintName: 'article_tags_tag_fkey' })
  tag?: TagEntity;
}
