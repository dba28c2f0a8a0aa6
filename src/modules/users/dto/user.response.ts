import type { UserEntity } from '../user.entity.js';

/** The RealWorld `User` object: never contains the password hash. */
export interface UserResponse {
  user: {
    email: string;
    /** The access token (short-lived). */
    token: string;
    /** Only from login, registration and refresh: exchanges for a new pair at /api/users/refresh. */
    refreshToken?: string;
    username: string;
    bio: string;
    image: string;
  };
}

export function toUserResponse(
  user: UserEntity,
  token: string,
  refreshToken?: string,
): UserResponse {
  return {
    user: {
      email: user.email,
      token,
      ...(refreshToken ? { refreshToken } : {}),
      username: user.username,
      bio: user.bio,
      image: user.image,
    },
  };
}
