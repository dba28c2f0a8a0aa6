import { UseGuards } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphqlContext } from '../../platform/graphql/graphql-context.js';
import type { Principal } from '../../platform/auth/authenticated-request.js';
import { GqlAuthGuard } from '../../platform/graphql/gql-auth.guards.js';
import { GqlPrincipal } from '../../platform/graphql/gql-principal.decorators.js';
import { LoginUserFields } from './dto/login-user.dto.js';
import { RegisterUserFields } from './dto/register-user.dto.js';
import { UpdateUserFields } from './dto/update-user.dto.js';
import { UserModel } from './user.model.js';
import { UsersService } from './users.service.js';

/** Account operations over GraphQL: thin calls into UsersService, as the REST controller makes. */
@Resolver(() => UserModel)
export class UsersResolver {
  constructor(private readonly users: UsersService) {}

  @Query(() => UserModel, { description: 'The signed-in user' })
  @UseGuards(GqlAuthGuard)
  me(@GqlPrincipal() principal: Principal): UserModel {
    return this.users.current(principal).user;
  }

  @Mutation(() => UserModel)
  async register(
    @Args('input') input: RegisterUserFields,
    @Context() context: GraphqlContext,
  ): Promise<UserModel> {
    return (await this.users.register(input, context.request.ip)).user;
  }

  @Mutation(() => UserModel)
  async login(
    @Args('input') input: LoginUserFields,
    @Context() context: GraphqlContext,
  ): Promise<UserModel> {
    return (await this.users.login(input, context.request.ip)).user;
  }

  @Mutation(() => UserModel)
  @UseGuards(GqlAuthGuard)
  async updateUser(
    @GqlPrincipal() principal: Principal,
    @Args('input') input: UpdateUserFields,
    @Context() context: GraphqlContext,
  ): Promise<UserModel> {
    return (await this.users.update(principal, input, context.request.ip)).user;
  }
}
