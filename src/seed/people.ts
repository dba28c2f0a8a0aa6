import {
  emailBaseFor,
  emailDomain,
  person,
  UniqueNames,
  USERNAME_MAX_LENGTH,
  usernameFor,
} from './names.js';
import { distinctPairs } from './pairs.js';
import { Random } from './random.js';
import { sentences } from './text.js';
import {
  authorPopularity,
  DAY_MS,
  editedAt,
  HISTORY_MS,
  instant,
  type FollowRow,
  type UserRow,
  type World,
} from './world.js';

const EMAIL_LOCAL_MAX_LENGTH = 64; // RFC 5321

const avatarUrl = (username: string) =>
  `https://api.dicebear.com/9.x/initials/svg?seed=${encodeURIComponent(username)}`;

/** Users who signed up over the past two years; all share one password hash. */
export function generateUsers(world: World, count: number, passwordHash: string): UserRow[] {
  const random = new Random(world.seed, 'users');
  const usernames = new UniqueNames();
  const emails = new UniqueNames();
  return Array.from({ length: count }, () => {
    const who = person(random);
    const username = usernames.claim(usernameFor(random, who), USERNAME_MAX_LENGTH);
    const local = emails.claim(emailBaseFor(random, who), EMAIL_LOCAL_MAX_LENGTH);
    // Everyone signed up at least a day ago, so their activity has room to happen.
    const createdAt = instant(random, world.now - HISTORY_MS, world.now - DAY_MS);
    return {
      id: random.uuid(),
      username,
      email: `${local}@${emailDomain(random)}`,
      passwordHash,
      bio: random.chance(0.6) ? sentences(random, 1, 3) : '',
      image: random.chance(0.7) ? avatarUrl(username) : '',
      createdAt,
      updatedAt: editedAt(random, createdAt, world.now, 0.3),
    };
  });
}

/** Follows: anyone may follow, prolific authors are followed most; never oneself, never twice. */
export function generateFollows(
  world: World,
  users: readonly UserRow[],
  count: number,
): FollowRow[] {
  const random = new Random(world.seed, 'follows');
  const followees = authorPopularity(world, users.length);
  const space = { left: users.length, right: users.length, allowSame: false };
  const draw = () => [random.int(0, users.length - 1), followees.draw(random)] as const;
  return distinctPairs(random, space, count, draw).map(([left, right]) => {
    const follower = users[left];
    const followee = users[right];
    return {
      followerId: follower.id,
      followeeId: followee.id,
      createdAt: instant(random, Math.max(follower.createdAt, followee.createdAt), world.now),
    };
  });
}
