import { Field, ObjectType } from '@nestjs/graphql';

/** The signed-in user, as GraphQL shows it (the same fields as REST's `user`). */
@ObjectType('User')
export class UserModel {
  @Field() email: string;
  @Field({ description: 'Access token (short-lived)' }) token: string;
  @Field(() => String, {
    nullable: true,
    description: 'From register and login only: exchange it at POST /api/users/refresh',
  })
  refreshToken?: string;
  @Field() username: string;
  @Field() bio: string;
  @Field() image: string;
}
