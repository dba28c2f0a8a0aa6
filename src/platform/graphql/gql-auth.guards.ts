import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { TokenService } from '../auth/token.service.js';
import type { GraphqlContext } from './graphql-context.js';

/** Reads the same `Authorization: Token|Bearer <jwt>` header as REST; `required` decides 401. */
@Injectable() // on the base too, so Nest sees the constructor's parameter types
abstract class GqlTokenGuard implements CanActivate {
  protected abstract readonly required: boolean;

  constructor(private readonly tokens: TokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const ctx = GqlExecutionContext.create(context).getContext<GraphqlContext>();
    ctx.principal ??= await this.tokens.authenticate(
      ctx.request.headers.authorization,
      this.required,
    );
    return true;
  }
}

@Injectable()
export class GqlAuthGuard extends GqlTokenGuard {
  protected readonly required = true;
}

@Injectable()
export class GqlOptionalAuthGuard extends GqlTokenGuard {
  protected readonly required = false;
}
