import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { UserEntity } from '../users/user.entity.js';
import { toProfile, type ProfileResponse } from './dto/profile.response.js';
import { FollowEntity } from './follow.entity.js';
import { ProfileError } from './profiles.errors.js';

/** Public profiles and who follows whom. */
@Injectable()
export class ProfilesService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(FollowEntity) private readonly follows: Repository<FollowEntity>,
  ) {}

  async get(username: string, viewerId?: string): Promise<ProfileResponse> {
    const user = await this.findByUsername(username);
    return { profile: toProfile(user, await this.isFollowing(viewerId, user.id)) };
  }

  async follow(viewerId: string, username: string): Promise<ProfileResponse> {
    const user = await this.findByUsername(username);
    if (user.id === viewerId) throw ProfileError.selfFollow();
    // Following twice is not an error: the outcome is the same.
    await this.follows
      .createQueryBuilder()
      .insert()
      .values({ followerId: viewerId, followeeId: user.id })
      .orIgnore()
      .execute();
    return { profile: toProfile(user, true) };
  }

  async unfollow(viewerId: string, username: string): Promise<ProfileResponse> {
    const user = await this.findByUsername(username);
    await this.follows.delete({ followerId: viewerId, followeeId: user.id });
    return { profile: toProfile(user, false) };
  }

  private async isFollowing(viewerId: string | undefined, userId: string): Promise<boolean> {
    if (!viewerId || viewerId === userId) return false;
    return this.follows.existsBy({ followerId: viewerId, followeeId: userId });
  }

  private async findByUsername(username: string): Promise<UserEntity> {
    const user = await this.users
      .createQueryBuilder('user')
      .where('lower(user.username) = lower(:username)', { username })
      .getOne();
    if (!user) throw ProfileError.notFound(username);
    return user;
  }
}
