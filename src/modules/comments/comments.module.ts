import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GraphqlPubSubModule } from '../../platform/graphql/graphql-pubsub.module.js';
import { CommentEntity } from './comment.entity.js';
import { CommentEvents } from './comment-events.js';
import { CommentsController } from './comments.controller.js';
import { CommentsResolver } from './comments.resolver.js';
import { CommentsService } from './comments.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([CommentEntity]), GraphqlPubSubModule],
  controllers: [CommentsController],
  providers: [CommentsService, CommentEvents, CommentsResolver],
})
export class CommentsModule {}
