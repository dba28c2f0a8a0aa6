import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ProfileModel } from '../profiles/profile.model.js';

@ObjectType('Comment')
export class CommentModel {
  @Field(() => Int) id: number;
  @Field() body: string;
  @Field({ description: 'ISO 8601 timestamp' }) createdAt: string;
  @Field({ description: 'ISO 8601 timestamp' }) updatedAt: string;
  @Field(() => ProfileModel) author: ProfileModel;
}
