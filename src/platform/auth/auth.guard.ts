import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthenticatedRequest } from './authenticated-request.js';
import { TokenService } from './token.service.js';

/** Lets a request through only with a valid access token; the caller becomes `@CurrentPrincipal()`. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.principal = this.tokens.authenticate(request.headers.authorization, true);
    return true;
  }
}
