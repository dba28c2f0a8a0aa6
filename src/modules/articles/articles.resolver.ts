import { UseGuards } from '@nestjs/common';
import { Args, Context, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Principal } from '../../platform/auth/authenticated-request.js';
import { GqlAuthGuard, GqlOptionalAuthGuard } from '../../platform/graphql/gql-auth.guards.js';
import { GqlPrincipal, GqlViewer } from '../../platform/graphql/gql-principal.decorators.js';
import type { GraphqlContext } from '../../platform/graphql/graphql-context.js';
import { ListCap } from '../../platform/graphql/limits/list-cap.js';
import { selectsField } from '../../platform/graphql/selects-field.js';
import { ArticleReadsService } from './article-reads.service.js';
import { ArticleModel, ArticlesPageModel } from './article.model.js';
import { ArticlesService } from './articles.service.js';
import type { ArticleListResponse, ArticleView } from './dto/article.response.js';
import { CreateArticleFields } from './dto/create-article.dto.js';
import { ListArticlesQuery, MAX_PAGE_SIZE, PagingQuery } from './dto/list-articles.query.js';
import { UpdateArticleFields } from './dto/update-article.dto.js';

// Pages include bodies only when the query selects them; single articles always have one.
const model = (article: ArticleView) => article as ArticleModel;
const page = (list: ArticleListResponse): ArticlesPageModel => ({
  articles: list.articles.map(model),
  articlesCount: list.articlesCount,
});

/** Articles over GraphQL, named after the REST contract; thin calls into the same services. */
@Resolver(() => ArticleModel)
export class ArticlesResolver {
  constructor(
    private readonly articles: ArticlesService,
    private readonly reads: ArticleReadsService,
  ) {}

  @Query(() => ArticlesPageModel, { name: 'articles', description: 'As GET /api/articles' })
  @ListCap(MAX_PAGE_SIZE)
  @UseGuards(GqlOptionalAuthGuard)
  async list(
    @Args() args: ListArticlesQuery,
    @Info() info: GraphQLResolveInfo,
    @Context() context: GraphqlContext,
    @GqlViewer() viewerId?: string,
  ) {
    const { tag, author, favorited, limit, offset } = args;
    const withBody = selectsField(info, ['articles', 'body']);
    const read = await this.reads.list(
      { tag, author, favorited },
      { limit, offset },
      viewerId,
      withBody,
    );
    context.memo?.depend(read);
    return page(read.value);
  }

  @Query(() => ArticlesPageModel, { description: 'Articles by authors the caller follows' })
  @ListCap(MAX_PAGE_SIZE)
  @UseGuards(GqlAuthGuard)
  async feed(
    @Args() args: PagingQuery,
    @Info() info: GraphQLResolveInfo,
    @GqlPrincipal() principal: Principal,
  ) {
    const paging = { limit: args.limit, offset: args.offset };
    const withBody = selectsField(info, ['articles', 'body']);
    return page(await this.reads.feed(principal.userId, paging, withBody));
  }

  @Query(() => ArticleModel)
  @UseGuards(GqlOptionalAuthGuard)
  async article(
    @Args('slug') slug: string,
    @Context() context: GraphqlContext,
    @GqlViewer() viewerId?: string,
  ) {
    const read = await this.reads.get(slug, viewerId);
    context.memo?.depend(read);
    return model(read.value.article);
  }

  @Query(() => [String], { description: 'Tags in use, most used first' })
  async tags(@Context() context: GraphqlContext): Promise<string[]> {
    const read = await this.reads.tags();
    context.memo?.depend(read);
    return read.value.tags;
  }

  @Mutation(() => ArticleModel)
  @UseGuards(GqlAuthGuard)
  async createArticle(
    @GqlPrincipal() principal: Principal,
    @Args('input') input: CreateArticleFields,
  ) {
    return model((await this.articles.create(principal.userId, input)).response.article);
  }

  @Mutation(() => ArticleModel)
  @UseGuards(GqlAuthGuard)
  async updateArticle(
    @GqlPrincipal() principal: Principal,
    @Args('slug') slug: string,
    @Args('input') input: UpdateArticleFields,
  ) {
    return model((await this.articles.update(principal.userId, slug, input)).article);
  }

  @Mutation(() => Boolean)
  @UseGuards(GqlAuthGuard)
  async deleteArticle(@GqlPrincipal() principal: Principal, @Args('slug') slug: string) {
    await this.articles.delete(principal, slug);
    return true;
  }

  @Mutation(() => ArticleModel)
  @UseGuards(GqlAuthGuard)
  async favoriteArticle(@GqlPrincipal() principal: Principal, @Args('slug') slug: string) {
    return model((await this.articles.setFavorite(principal.userId, slug, true)).article);
  }

  @Mutation(() => ArticleModel)
  @UseGuards(GqlAuthGuard)
  async unfavoriteArticle(@GqlPrincipal() principal: Principal, @Args('slug') slug: string) {
    return model((await this.articles.setFavorite(principal.userId, slug, false)).article);
  }
}
