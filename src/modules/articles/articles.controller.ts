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
import { ArticleReadsService } from './article-reads.service.js';
import { ArticlesService } from './articles.service.js';
import type { ArticleListResponse, ArticleResponse } from './dto/article.response.js';
import { CreateArticleDto } from './dto/create-article.dto.js';
import { ListArticlesQuery, PagingQuery } from './dto/list-articles.query.js';
import { UpdateArticleDto } from './dto/update-article.dto.js';

@Controller('api')
export class ArticlesController {
  constructor(
    private readonly articles: ArticlesService,
    private readonly reads: ArticleReadsService,
  ) {}

  @Get('articles')
  @UseGuards(OptionalAuthGuard)
  async list(
    @Query() query: ListArticlesQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentViewer() viewerId?: string,
  ): Promise<ArticleListResponse> {
    const { tag, author, favorited, limit, offset } = query;
    const read = await this.reads.list({ tag, author, favorited }, { limit, offset }, viewerId);
    setCacheHeader(reply, read.cache);
    return read.value;
  }

  // Declared before ':slug' so "feed" is not taken for a slug.
  @Get('articles/feed')
  @UseGuards(AuthGuard)
  feed(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PagingQuery,
  ): Promise<ArticleListResponse> {
    return this.reads.feed(principal.userId, { limit: query.limit, offset: query.offset });
  }

  @Get('articles/:slug')
  @UseGuards(OptionalAuthGuard)
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
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<void> {
    await this.articles.delete(principal, slug);
  }

  @Post('articles/:slug/favorite')
  @HttpCode(200)
  @UseGuards(AuthGuard)
  favorite(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<ArticleResponse> {
    return this.articles.setFavorite(principal.userId, slug, true);
  }

  @Delete('articles/:slug/favorite')
  @UseGuards(AuthGuard)
  unfavorite(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
  ): Promise<ArticleResponse> {
    return this.articles.setFavorite(principal.userId, slug, false);
  }

  @Get('tags')
  async tags(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ tags: string[] }> {
    const read = await this.reads.tags();
    setCacheHeader(reply, read.cache);
    return read.value;
  }
}
