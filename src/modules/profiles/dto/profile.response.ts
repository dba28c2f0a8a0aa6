/** The RealWorld `Profile`: public fields of a user, and whether the viewer follows them. */
export interface Profile {
  username: string;
  bio: string;
  image: string;
  following: boolean;
}

export interface ProfileResponse {
  profile: Profile;
}

export function toProfile(
  user: { username: string; bio: string; image: string },
  following: boolean,
): Profile {
  return { username: user.username, bio: user.bio, image: user.image, following };
}
