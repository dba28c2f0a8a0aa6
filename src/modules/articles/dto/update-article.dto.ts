import { OptionalText } from '../../../platform/validation/text-field.js';
import { WrappedBody } from '../../../platform/validation/wrapped-body.js';
import { ARTICLE_LIMITS } from './create-article.dto.js';
import { TagListField } from './tag-list.decorator.js';

export class UpdateArticleFields {
  @OptionalText(ARTICLE_LIMITS.title)
  title?: string;

  @OptionalText(ARTICLE_LIMITS.description)
  description?: string;

  @OptionalText(ARTICLE_LIMITS.body)
  body?: string;

  @TagListField()
  tagList?: string[];
}

export class UpdateArticleDto {
  @WrappedBody(() => UpdateArticleFields)
  article: UpdateArticleFields;
}
