import { Field, InputType } from '@nestjs/graphql';
import { OptionalText } from '../../../platform/validation/text-field.js';
import { WrappedBody } from '../../../platform/validation/wrapped-body.js';
import { ARTICLE_LIMITS } from './create-article.dto.js';
import { TagListField } from './tag-list.decorator.js';

@InputType('UpdateArticleInput')
export class UpdateArticleFields {
  @OptionalText(ARTICLE_LIMITS.title)
  @Field(() => String, { nullable: true })
  title?: string;

  @OptionalText(ARTICLE_LIMITS.description)
  @Field(() => String, { nullable: true })
  description?: string;

  @OptionalText(ARTICLE_LIMITS.body)
  @Field(() => String, { nullable: true })
  body?: string;

  @TagListField()
  @Field(() => [String], { nullable: true })
  tagList?: string[];
}

export class UpdateArticleDto {
  @WrappedBody(() => UpdateArticleFields)
  article: UpdateArticleFields;
}
