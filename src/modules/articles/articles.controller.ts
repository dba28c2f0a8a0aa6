import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthGuard } from '../../platform/auth/auth.guard.js';
import type { Principal } from '../../platform/auth/authenticated-request.js';
import { CurrentPrincipal } from '../../platform/auth/current-principal.decorator.js';
import { CurrentViewer } from '../../platform/auth/current-viewer.decorator.js';
import { OptionalAuthGuard } from '../../platform/auth/optional-auth.guard.js';
import { setCacheHeader } from '../../platform/http/cache-outcome.js';
import { sendJsonText } from '../../platform/http/json-text.js';
import { ArticleReadsService } from './article-reads.service.js';
import { ArticlesService } from './articles.service.js';
import { ApiTags } from '@nestjs/swagger';
import { ApiEndpoint } from '../../platform/openapi/api-endpoint.decorator.js';
import { ArticleListResponse, ArticleResponse, TagsResponse } from './dto/article.response.js';
import { CreateArticleDto } from './dto/create-article.dto.js';
import { ListArticlesQuery, PagingQuery } from './dto/list-articles.query.js';
import { UpdateArticleDto } from './dto/update-article.dto.js';

@Controller('api')
@ApiTags('Articles')
export class ArticlesController {
  constructor(
    private readonly articles: ArticlesService,
    private readonly reads: ArticleReadsService,
  ) {}

  @Get('articles')
  @UseGuards(OptionalAuthGuard)
  @ApiEndpoint({
    operationId: 'GetArticles',
    summary: 'Recent articles, filtered by tag, author or favoriter',
    description: 'Newest first. List items leave out `body`.',
    auth: 'optional',
    success: { status: 200, type: ArticleListResponse, description: 'One page of articles.' },
    conditional: true,
    cached: true,
  })
  async list(
    @Query() query: ListArticlesQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentViewer() viewerId?: string,
  ): Promise<ArticleListResponse | string> {
    const { tag, author, favorited, limit, offset } = query;
    const filters = { tag, author, favorited };
    if (!viewerId) {
      const read = await this.reads.listJson(filters, { limit, offset });
      setCacheHeader(reply, read.cache);
      return sendJsonText(reply, read.value);
    }
    const read = await this.reads.list(filters, { limit, offset }, viewerId);
    setCacheHeader(reply, read.cache);
    return read.value;
  }

  // Declared before ':slug' so "feed" is not taken for a slug.
  @Get('articles/feed')
  @UseGuards(AuthGuard)
  @ApiEndpoint({
    operationId: 'GetArticlesFeed',
    summary: 'Articles by the users the caller follows',
    auth: 'required',
    success: { status: 200, type: ArticleListResponse, description: 'One page of the feed.' },
  })
  feed(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PagingQuery,
  ): Promise<ArticleListResponse> {
    return this.reads.feed(principal.userId, { limit: query.limit, offset: query.offset });
  }

  @Get('articles/:slug')
  @UseGuards(OptionalAuthGuard)
  @ApiEndpoint({
    operationId: 'GetArticle',
    summary: 'An article',
    auth: 'optional',
    success: { status: 200, type: ArticleResponse, description: 'The article.' },
    problems: [404],
    conditional: true,
    cached: true,
  })
  async get(
    @Param('slug') slug: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentViewer() viewerId?: string,
  ): Promise<ArticleResponse> {
    const read = await this.reads.get(slug, viewerId);
    setCacheHeader(reply, read.cache);
    return read.value;
  }

  @Post('articles')
  @HttpCode(201)
  @UseGuards(AuthGuard)
  @ApiEndpoint({
    operationId: 'CreateArticle',
    summary: 'Write an article',
    description: 'The slug is made from the title, with a suffix that keeps it unique.',
    auth: 'required',
    success: { status: 201, type: ArticleResponse, description: 'The new article.' },
    idempotent: true,
  })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateArticleDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ArticleResponse> {
    const { response, replayed } = await this.articles.create(
      principal.userId,
      body.article,
      idempotencyKey,
    );
    if (replayed) void reply.header('idempotent-replayed', 'true');
    return response;
  }

  @Put('articles/:slug')
  @UseGuards(AuthGuard)
  @ApiEndpoint({
    operationId: 'UpdateArticle',
    summary: 'Edit an article (its author only)',
    description: 'Any subset of the fields. The slug stays the same when the title changes.',
    auth: 'required',
    success: { status: 200, type: ArticleResponse, description: 'The updated article.' },
    problems: [403, 404],
  })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() body: UpdateArticleDto,
  ): Promise<ArticleResponse> {
    return this.articles.update(principal.userId, slug, body.article);
  }

  @Delete('articles/:slug')
  @HttpCode(204)
  @UseGuards(AuthGuard)
  @ApiEndpoint({
    operationId: 'DeleteArticle',
    summary: 'Delete an article (its author, or an admin)',
    auth: 'required',
    success: { status: 204, description: 'Deleted, with its comments and favorites.' },
    problems: [403, 404],
  })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<void> {
    await this.articles.delete(principal, slug);
  }

  @Post('articles/:slug/favorite')
  @HttpCode(200)
  @UseGuards(AuthGuard)
  @ApiTags('Favorites')
  @ApiEndpoint({
    operationId: 'CreateArticleFavorite',
    summary: 'Favorite an article',
    description: 'Idempotent; an empty JSON body is accepted.',
    auth: 'required',
    success: { status: 200, type: ArticleResponse, description: 'The article, favorited.' },
    problems: [404],
  })
  favorite(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<ArticleResponse> {
    return this.articles.setFavorite(principal.userId, slug, true);
  }

  @Delete('articles/:slug/favorite')
  @UseGuards(AuthGuard)
  @ApiTags('Favorites')
  @ApiEndpoint({
    operationId: 'DeleteArticleFavorite',
    summary: 'Unfavorite an article',
    auth: 'required',
    success: {
      status: 200,
      type: ArticleResponse,
      description: 'The article, no longer favorited.',
    },
    problems: [404],
  })
  unfavorite(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<ArticleResponse> {
    return this.articles.setFavorite(principal.userId, slug, false);
  }

  @Get('tags')
  @ApiTags('Tags')
  @ApiEndpoint({
    operationId: 'GetTags',
    summary: 'Every tag in use',
    auth: 'none',
    success: { status: 200, type: TagsResponse, description: 'The tags, most used first.' },
    conditional: true,
    cached: true,
  })
  async tags(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const read = await this.reads.tagsJson();
    setCacheHeader(reply, read.cache);
    return sendJsonText(reply, read.value);
  }
}
