import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { UserEntity } from '../user.entity.js';

/** The RealWorld `User` object: never contains the password hash. */
export class UserView {
  @ApiProperty({ format: 'email' })
  email: string;

  @ApiProperty({
    description: 'The access token (a JWT, short-lived): send it as `Authorization: Token <jwt>`.',
  })
  token: string;

  @ApiPropertyOptional({
    description:
      'Only from login, registration and refresh: exchanges for a new pair at /api/users/refresh.',
  })
  refreshToken?: string;

  @ApiProperty()
  username: string;

  @ApiProperty()
  bio: string;

  @ApiProperty({ description: 'Avatar URL, or an empty string.' })
  image: string;
}

export class UserResponse {
  @ApiProperty()
  user: UserView;
}

export function toUserResponse(
  user: Pick<UserEntity, 'email' | 'username' | 'bio' | 'image'>,
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
