import { ApiProperty } from '@nestjs/swagger';
import { Profile } from '../../profiles/dto/profile.response.js';

/** The RealWorld `Comment`. */
export class CommentView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  body: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty()
  author: Profile;
}

export class CommentResponse {
  @ApiProperty()
  comment: CommentView;
}

export class CommentListResponse {
  @ApiProperty({ type: [CommentView] })
  comments: CommentView[];
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
