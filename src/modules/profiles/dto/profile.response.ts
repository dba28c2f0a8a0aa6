import { ApiProperty } from '@nestjs/swagger';

/** The RealWorld `Profile`: public fields of a user, and whether the viewer follows them. */
export class Profile {
  @ApiProperty({ example: 'jake' })
  username: string;

  @ApiProperty({ example: 'I work at statefarm' })
  bio: string;

  @ApiProperty({ description: 'Avatar URL, or an empty string.' })
  image: string;

  @ApiProperty({ description: 'Whether the caller follows this user (false when anonymous).' })
  following: boolean;
}

export class ProfileResponse {
  @ApiProperty()
  profile: Profile;
}

export function toProfile(
  user: { username: string; bio: string; image: string },
  following: boolean,
): Profile {
  return { username: user.username, bio: user.bio, image: user.image, following };
}
