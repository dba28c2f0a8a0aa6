import { RequiredText } from '../../../platform/validation/text-field.js';
import { WrappedBody } from '../../../platform/validation/wrapped-body.js';
import { TagListField } from './tag-list.decorator.js';

export const ARTICLE_LIMITS = { title: 200, description: 1000, body: 100_000 } as const;

export class CreateArticleFields {
  @RequiredText(ARTICLE_LIMITS.title)
  title: string;

  @RequiredText(ARTICLE_LIMITS.description)
  description: string;

  @RequiredText(ARTICLE_LIMITS.body)
  body: string;

  @TagListField()
  tagList?: string[];
}

export class CreateArticleDto {
  @WrappedBody(() => CreateArticleFields)
  article: CreateArticleFields;
}
