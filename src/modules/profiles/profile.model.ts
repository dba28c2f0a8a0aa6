import { Field, ObjectType } from '@nestjs/graphql';

/** A user's public profile; `following` is relative to the reader. */
@ObjectType('Profile')
export class ProfileModel {
  @Field() username: string;
  @Field() bio: string;
  @Field() image: string;
  @Field() following: boolean;
}
