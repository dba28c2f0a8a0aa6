import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
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
import { ParseRowIdPipe } from '../../platform/validation/row-id.pipe.js';
import { CommentsService } from './comments.service.js';
import { AddCommentDto } from './dto/add-comment.dto.js';
import { ApiTags } from '@nestjs/swagger';
import { ApiEndpoint } from '../../platform/openapi/api-endpoint.decorator.js';
import { CommentListResponse, CommentResponse } from './dto/comment.response.js';
import { ListCommentsQuery } from './dto/list-comments.query.js';

@Controller('api/articles/:slug/comments')
@ApiTags('Comments')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get()
  @UseGuards(OptionalAuthGuard)
  @ApiEndpoint({
    operationId: 'GetArticleComments',
    summary: "An article's comments",
    description:
      'Paged with `limit` and `offset` (an addition to RealWorld, whose list is unpaged): ' +
      'the newest 20 by default, at most 100 per page.',
    auth: 'optional',
    success: {
      status: 200,
      type: CommentListResponse,
      description: 'One page of the comments, newest first.',
    },
    problems: [404],
    conditional: true,
  })
  list(
    @Param('slug') slug: string,
    @Query() query: ListCommentsQuery,
    @CurrentViewer() viewerId?: string,
  ): Promise<CommentListResponse> {
    return this.comments.list(slug, { limit: query.limit, offset: query.offset }, viewerId);
  }

  @Post()
  @HttpCode(201)
  @UseGuards(AuthGuard)
  @ApiEndpoint({
    operationId: 'CreateArticleComment',
    summary: 'Comment on an article',
    auth: 'required',
    success: { status: 201, type: CommentResponse, description: 'The new comment.' },
    problems: [404],
    idempotent: true,
  })
  async add(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() body: AddCommentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<CommentResponse> {
    const { response, replayed } = await this.comments.add(
      principal.userId,
      slug,
      body.comment,
      idempotencyKey,
    );
    if (replayed) void reply.header('idempotent-replayed', 'true');
    return response;
  }

  @Delete(':id')
  @HttpCode(204)
  @UseGuards(AuthGuard)
  @ApiEndpoint({
    operationId: 'DeleteArticleComment',
    summary: 'Delete a comment (its author, or an admin)',
    auth: 'required',
    success: { status: 204, description: 'Deleted.' },
    problems: [403, 404, 422],
  })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Param('id', new ParseRowIdPipe('comment id')) id: number,
  ): Promise<void> {
    await this.comments.delete(principal, slug, id);
  }
}
