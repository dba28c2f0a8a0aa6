import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthenticationRequiredError } from '../auth/auth.errors.js';
import type { Principal } from '../auth/authenticated-request.js';
import type { GraphqlContext } from './graphql-context.js';

const contextOf = (context: ExecutionContext) =>
  GqlExecutionContext.create(context).getContext<GraphqlContext>();

/** The authenticated caller, on resolvers guarded by GqlAuthGuard. */
export const GqlPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = contextOf(context).principal;
    if (!principal) throw new AuthenticationRequiredError();
    return principal;
  },
);

/** The caller's user id, or undefined when anonymous (GqlOptionalAuthGuard). */
export const GqlViewer = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined =>
    contextOf(context).principal?.userId,
);
