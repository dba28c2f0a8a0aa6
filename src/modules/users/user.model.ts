import { Field, ObjectType } from '@nestjs/graphql';

/** The signed-in user, as GraphQL shows it (the same fields as REST's `user`). */
@ObjectType('User')
export class UserModel {
  @Field() email: string;
  @Field() token: string;
  @Field() username: string;
  @Field() bio: string;
  @Field() image: string;
}
