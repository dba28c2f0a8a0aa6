/** Everything that makes seed data, in the order the tables are filled; all of it is pure. */
export { generateUsers, generateFollows } from './people.js';
export { generateTagNames, generateArticles, generateArticleTags } from './content.js';
export { generateFavorites, generateComments } from './engagement.js';
export type {
  ArticleRow,
  ArticleTagRow,
  CommentRow,
  FavoriteRow,
  FollowRow,
  UserRow,
  World,
} from './world.js';
