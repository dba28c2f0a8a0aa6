import type { Profile } from '../../profiles/dto/profile.response.js';

/** The RealWorld `Comment`. */
export interface CommentView {
  id: number;
  body: string;
  createdAt: string;
  updatedAt: string;
  author: Profile;
}

export interface CommentRow {
  id: number;
  body: string;
  created_at: Date;
  updated_at: Date;
  username: string;
  bio: string;
  image: string;
  following: boolean;
}

export function toCommentView(row: CommentRow): CommentView {
  return {
    id: row.id,
    body: row.body,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    author: { username: row.username, bio: row.bio, image: row.image, following: row.following },
  };
}
