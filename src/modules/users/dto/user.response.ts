import type { UserEntity } from '../user.entity.js';

/** The RealWorld `User` object: never contains the password hash. */
export interface UserResponse {
  user: { email: string; token: string; username: string; bio: string; image: string };
}

export function toUserResponse(user: UserEntity, token: string): UserResponse {
  return {
    user: { email: user.email, token, username: user.username, bio: user.bio, image: user.image },
  };
}
