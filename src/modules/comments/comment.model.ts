import { Field, Int, ObjectType } from '@nestjs/graphql';
import { FieldCost } from '../../platform/graphql/limits/field-cost.js';
import { ProfileModel } from '../profiles/profile.model.js';

@ObjectType('Comment')
export class CommentModel {
  @Field(() => Int) id: number;
  // Up to 5,000 characters, 20 KB of UTF-8 (see FieldCost).
  @Field()
  @FieldCost(3)
  body: string;
  @Field({ description: 'ISO 8601 timestamp' }) createdAt: string;
  @Field({ description: 'ISO 8601 timestamp' }) updatedAt: string;
  @Field(() => ProfileModel) author: ProfileModel;
}
