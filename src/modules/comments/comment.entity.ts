import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ArticleEntity } from '../articles/article.entity.js';
import { UserEntity } from '../users/user.entity.js';

/** A comment on an article. RealWorld gives comments integer ids. */
@Entity({ name: 'comments' })
@Index('comments_article_created_idx', { synchronize: false })
export class CommentEntity {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'comments_pkey' })
  id: number;

  @Column({ name: 'article_id', type: 'uuid' })
  articleId: string;

  @Index('comments_author_idx')
  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ type: 'varchar', length: 5000 })
  body: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'comments_article_fkey' })
  article?: ArticleEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'comments_author_fkey' })
  author?: UserEntity;
}
