import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthenticatedRequest } from './authenticated-request.js';
import { TokenService } from './token.service.js';

/** Lets a request through only with a valid access token; the caller becomes `@CurrentPrincipal()`. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.principal = await this.tokens.authenticate(request.headers.authorization, true);
    return true;
  }
}
