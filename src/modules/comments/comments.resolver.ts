import { type OnModuleInit, UseGuards } from '@nestjs/common';
import { Args, Context, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { PubSub } from 'mercurius';
import type { Principal } from '../../platform/auth/authenticated-request.js';
import { GqlAuthGuard, GqlOptionalAuthGuard } from '../../platform/graphql/gql-auth.guards.js';
import { GqlPrincipal, GqlViewer } from '../../platform/graphql/gql-principal.decorators.js';
import { GraphqlPubSub } from '../../platform/graphql/graphql-pubsub.js';
import { ListCap } from '../../platform/graphql/limits/list-cap.js';
import {
  resolveEachEvent,
  subscriptionError,
} from '../../platform/graphql/graphql-subscriptions.js';
import { CommentModel } from './comment.model.js';
import { CommentEvents } from './comment-events.js';
import { CommentsService } from './comments.service.js';
import { AddCommentFields } from './dto/add-comment.dto.js';
import type { CommentView } from './dto/comment.response.js';
import {
  DEFAULT_COMMENT_PAGE_SIZE,
  ListCommentsQuery,
  MAX_COMMENT_PAGE_SIZE,
} from './dto/list-comments.query.js';

/** One topic per article; on Redis, the channel `<REDIS_KEY_PREFIX>comment-added:<slug>`. */
const commentAddedTopic = (slug: string) => `comment-added:${slug}`;

interface CommentAddedMessage {
  comment: CommentView;
}

@Resolver(() => CommentModel)
export class CommentsResolver implements OnModuleInit {
  constructor(
    private readonly service: CommentsService,
    private readonly events: CommentEvents,
    private readonly live: GraphqlPubSub,
  ) {}

  onModuleInit(): void {
    // Each instance publishes the comments it creates; Redis fans them out to every instance.
    this.events.onAdded(({ slug, comment }) =>
      this.live.publish(commentAddedTopic(slug), { comment } satisfies CommentAddedMessage),
    );
  }

  @Query(() => [CommentModel], {
    description: `Comments on an article, newest first: ${DEFAULT_COMMENT_PAGE_SIZE} by default, at most ${MAX_COMMENT_PAGE_SIZE}`,
  })
  @ListCap(MAX_COMMENT_PAGE_SIZE)
  @UseGuards(GqlOptionalAuthGuard)
  async comments(
    @Args('slug') slug: string,
    @Args() paging: ListCommentsQuery,
    @GqlViewer() viewerId?: string,
  ) {
    const { limit, offset } = paging;
    return (await this.service.list(slug, { limit, offset }, viewerId)).comments;
  }

  @Subscription(() => CommentModel, {
    description: 'Each comment added to the article from now on, over WebSocket (graphql-ws)',
    resolve: resolveEachEvent((message: CommentAddedMessage) => message.comment),
  })
  async commentAdded(@Args('slug') slug: string, @Context('pubsub') pubsub: PubSub) {
    try {
      await this.service.assertArticleExists(slug);
      return await this.live.subscribe<CommentAddedMessage>(pubsub, commentAddedTopic(slug));
    } catch (error) {
      throw subscriptionError(error);
    }
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
    await this.service.delete(principal, slug, id);
    return true;
  }
}
