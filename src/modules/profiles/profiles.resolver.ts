import { UseGuards } from '@nestjs/common';
import {
  Args,
  Context,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import type { Principal } from '../../platform/auth/authenticated-request.js';
import { InvalidInputError } from '../../platform/errors/app-error.js';
import { GqlAuthGuard, GqlOptionalAuthGuard } from '../../platform/graphql/gql-auth.guards.js';
import { ListCap } from '../../platform/graphql/limits/list-cap.js';
import type { GraphqlContext } from '../../platform/graphql/graphql-context.js';
import { GqlPrincipal, GqlViewer } from '../../platform/graphql/gql-principal.decorators.js';
import { ArticleReadsService } from '../articles/article-reads.service.js';
import { ArticleModel } from '../articles/article.model.js';
import { authorArticlesLoader } from '../articles/author-articles.loader.js';
import { ProfileModel } from './profile.model.js';
import { ProfilesService } from './profiles.service.js';

const MAX_AUTHOR_ARTICLES = 20;

@Resolver(() => ProfileModel)
export class ProfilesResolver {
  constructor(
    private readonly profiles: ProfilesService,
    private readonly reads: ArticleReadsService,
  ) {}

  @Query(() => ProfileModel)
  @UseGuards(GqlOptionalAuthGuard)
  async profile(
    @Args('username') username: string,
    @GqlViewer() viewerId?: string,
  ): Promise<ProfileModel> {
    return (await this.profiles.get(username, viewerId)).profile;
  }

  @Mutation(() => ProfileModel)
  @UseGuards(GqlAuthGuard)
  async followUser(@GqlPrincipal() principal: Principal, @Args('username') username: string) {
    return (await this.profiles.follow(principal.userId, username)).profile;
  }

  @Mutation(() => ProfileModel)
  @UseGuards(GqlAuthGuard)
  async unfollowUser(@GqlPrincipal() principal: Principal, @Args('username') username: string) {
    return (await this.profiles.unfollow(principal.userId, username)).profile;
  }

  /** The author's newest articles; batched across the whole response by a DataLoader. */
  @ResolveField(() => [ArticleModel])
  @ListCap(MAX_AUTHOR_ARTICLES)
  articles(
    @Parent() profile: ProfileModel,
    @Context() context: GraphqlContext,
    @Args('limit', { type: () => Int, defaultValue: 5 }) limit: number,
  ): Promise<ArticleModel[]> {
    if (limit < 1 || limit > MAX_AUTHOR_ARTICLES) {
      throw new InvalidInputError([`limit must be between 1 and ${MAX_AUTHOR_ARTICLES}`]);
    }
    return authorArticlesLoader(context, this.reads, limit).load(profile.username) as Promise<
      ArticleModel[]
    >;
  }
}
