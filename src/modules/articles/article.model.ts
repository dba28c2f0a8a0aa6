import { Field, Int, ObjectType } from '@nestjs/graphql';
import { FieldCost } from '../../platform/graphql/limits/field-cost.js';
import { ListCap } from '../../platform/graphql/limits/list-cap.js';
import { ProfileModel } from '../profiles/profile.model.js';
import { MAX_PAGE_SIZE } from './dto/list-articles.query.js';

const ARTICLE_BODY_COST = 50;

@ObjectType('Article')
export class ArticleModel {
  @Field() slug: string;
  @Field() title: string;
  @Field() description: string;
  // Up to 100,000 characters, 400 KB of UTF-8: as much as 50 ordinary fields (see FieldCost).
  @Field()
  @FieldCost(ARTICLE_BODY_COST)
  body: string;
  @Field(() => String, {
    nullable: true,
    description: 'Cover image URL, set by uploading to PUT /api/articles/:slug/image',
  })
  image: string | null;
  @Field(() => [String]) tagList: string[];
  @Field({ description: 'ISO 8601 timestamp' }) createdAt: string;
  @Field({ description: 'ISO 8601 timestamp' }) updatedAt: string;
  @Field() favorited: boolean;
  @Field(() => Int) favoritesCount: number;
  @Field(() => ProfileModel) author: ProfileModel;
}

/** A page of articles and how many match in all, like REST's `{articles, articlesCount}`. */
@ObjectType('ArticlesPage')
export class ArticlesPageModel {
  @Field(() => [ArticleModel])
  @ListCap(MAX_PAGE_SIZE)
  articles: ArticleModel[];
  @Field(() => Int) articlesCount: number;
}
