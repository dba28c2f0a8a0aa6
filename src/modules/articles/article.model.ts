import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ListCap } from '../../platform/graphql/limits/list-cap.js';
import { ProfileModel } from '../profiles/profile.model.js';
import { MAX_PAGE_SIZE } from './dto/list-articles.query.js';

@ObjectType('Article')
export class ArticleModel {
  @Field() slug: string;
  @Field() title: string;
  @Field() description: string;
  @Field() body: string;
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
