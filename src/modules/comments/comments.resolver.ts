import { UseGuards } from '@nestjs/common';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../platform/auth/authenticated-request.js';
import { GqlAuthGuard, GqlOptionalAuthGuard } from '../../platform/graphql/gql-auth.guards.js';
import { GqlPrincipal, GqlViewer } from '../../platform/graphql/gql-principal.decorators.js';
import { CommentModel } from './comment.model.js';
import { CommentsService } from './comments.service.js';
import { AddCommentFields } from './dto/add-comment.dto.js';

@Resolver(() => CommentModel)
export class CommentsResolver {
  constructor(private readonly service: CommentsService) {}

  @Query(() => [CommentModel], { description: 'Comments on an article, newest first' })
  @UseGuards(GqlOptionalAuthGuard)
  async comments(@Args('slug') slug: string, @GqlViewer() viewerId?: string) {
    return (await this.service.list(slug, viewerId)).comments;
  }

  @Mutation(() => CommentModel)
  @UseGuards(GqlAuthGuard)
  async addComment(
    @GqlPrincipal() principal: Principal,
    @Args('slug') slug: string,
    @Args('input') input: AddCommentFields,
  ) {
    return (await this.service.add(principal.userId, slug, input)).response.comment;
  }

  @Mutation(() => Boolean)
  @UseGuards(GqlAuthGuard)
  async deleteComment(
    @GqlPrincipal() principal: Principal,
    @Args('slug') slug: string,
    @Args('id', { type: () => Int }) id: number,
  ) {
    await this.service.delete(principal.userId, slug, id);
    return true;
  }
}
