import { Field, InputType } from '@nestjs/graphql';
import { RequiredText } from '../../../platform/validation/text-field.js';
import { WrappedBody } from '../../../platform/validation/wrapped-body.js';
import { TagListField } from './tag-list.decorator.js';

export const ARTICLE_LIMITS = { title: 200, description: 1000, body: 100_000 } as const;

@InputType('CreateArticleInput')
export class CreateArticleFields {
  @RequiredText(ARTICLE_LIMITS.title)
  @Field(() => String)
  title: string;

  @RequiredText(ARTICLE_LIMITS.description)
  @Field(() => String)
  description: string;

  @RequiredText(ARTICLE_LIMITS.body)
  @Field(() => String)
  body: string;

  @TagListField()
  @Field(() => [String], { nullable: true })
  tagList?: string[];
}

export class CreateArticleDto {
  @WrappedBody(() => CreateArticleFields)
  article: CreateArticleFields;
}
