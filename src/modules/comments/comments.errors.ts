import { AppError } from '../../platform/errors/app-error.js';

export enum CommentErrorCode {
  NotFound = 'COMMENT_NOT_FOUND',
  NotAuthor = 'COMMENT_NOT_AUTHOR',
}

export class CommentError extends AppError {
  static notFound(id: number): CommentError {
    return new CommentError(
      'not_found',
      CommentErrorCode.NotFound,
      `comment ${id} not found on this article`,
    );
  }

  static notAuthor(): CommentError {
    return new CommentError(
      'forbidden',
      CommentErrorCode.NotAuthor,
      'only the author may delete this comment',
    );
  }
}
