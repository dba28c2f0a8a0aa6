import {
  Check,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { UserEntity } from '../users/user.entity.js';

/** One user following another. */
@Entity({ name: 'follows' })
@Check('follows_not_self', '"follower_id" <> "followee_id"')
export class FollowEntity {
  @PrimaryColumn({ name: 'follower_id', type: 'uuid', primaryKeyConstraintName: 'follows_pkey' })
  followerId: string;

  @Index('follows_followee_idx')
  @PrimaryColumn({ name: 'followee_id', type: 'uuid', primaryKeyConstraintName: 'follows_pkey' })
  followeeId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'follower_id', foreignKeyConstraintName: 'follows_follower_fkey' })
  follower?: UserEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'followee_id', foreignKeyConstraintName: 'follows_followee_fkey' })
  followee?: UserEntity;
}
