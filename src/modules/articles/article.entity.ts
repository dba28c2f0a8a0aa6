import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from '../users/user.entity.js';

/** An article. Tags, favorites and comments live in their own tables. */
@Entity({ name: 'articles' })
@Unique('articles_slug_key', ['slug'])
@Check('articles_favorites_count_check', '"favorites_count" >= 0')
// Newest-first orderings (DESC columns) are declared in the migration.
@Index('articles_created_idx', { synchronize: false })
@Index('articles_author_created_idx', { synchronize: false })
export class ArticleEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'articles_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 255 })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 1000 })
  description: string;

  @Column({ type: 'text' })
  body: string;

  /** Served URL of the processed cover image (set by the image pipeline), if any. */
  @Column({ type: 'varchar', length: 2048, nullable: true })
  image: string | null;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  /** Kept in step with `favorites` in the same transaction, so lists need no COUNT. */
  @Column({ name: 'favorites_count', type: 'integer', default: 0 })
  favoritesCount: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'articles_author_fkey' })
  author?: UserEntity;
}
