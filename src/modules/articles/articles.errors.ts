import { AppError } from '../../platform/errors/app-error.js';

export enum ArticleErrorCode {
  NotFound = 'ARTICLE_NOT_FOUND',
  NotAuthor = 'ARTICLE_NOT_AUTHOR',
}

export class ArticleError extends AppError {
  static notFound(slug: string): ArticleError {
    return new ArticleError('not_found', ArticleErrorCode.NotFound, `article "${slug}" not found`);
  }

  static notAuthor(): ArticleError {
    return new ArticleError(
      'forbidden',
      ArticleErrorCode.NotAuthor,
      'only the author may change or delete this article',
    );
  }
}
