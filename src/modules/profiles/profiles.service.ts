import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { UserEntity } from '../users/user.entity.js';
import { toProfile, type ProfileResponse } from './dto/profile.response.js';
import { ProfileError } from './profiles.errors.js';

type ProfileRow = Pick<UserEntity, 'id' | 'username' | 'bio' | 'image'>;

/** Public profiles and who follows whom. */
@Injectable()
export class ProfilesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(username: string, viewerId?: string): Promise<ProfileResponse> {
    const user = await this.findByUsername(username);
    return { profile: toProfile(user, await this.isFollowing(viewerId, user.id)) };
  }

  async follow(viewerId: string, username: string): Promise<ProfileResponse> {
    const user = await this.findByUsername(username);
    if (user.id === viewerId) throw ProfileError.selfFollow();
    // Following twice is not an error: the outcome is the same.
    await this.dataSource.query(
      'INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [viewerId, user.id],
    );
    return { profile: toProfile(user, true) };
  }

  async unfollow(viewerId: string, username: string): Promise<ProfileResponse> {
    const user = await this.findByUsername(username);
    await this.dataSource.query('DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2', [
      viewerId,
      user.id,
    ]);
    return { profile: toProfile(user, false) };
  }

  private async isFollowing(viewerId: string | undefined, userId: string): Promise<boolean> {
    if (!viewerId || viewerId === userId) return false;
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM follows WHERE follower_id = $1 AND followee_id = $2',
      [viewerId, userId],
    );
    return rows.length > 0;
  }

  private async findByUsername(username: string): Promise<ProfileRow> {
    // lower(username) is what the unique index covers, so this is an index lookup.
    const [user]: ProfileRow[] = await this.dataSource.query(
      'SELECT id, username, bio, image FROM users WHERE lower(username) = lower($1)',
      [username],
    );
    if (!user) throw ProfileError.notFound(username);
    return user;
  }
}
