import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthenticationRequiredError } from './auth.errors.js';
import type { AuthenticatedRequest } from './authenticated-request.js';
import { tokenFromAuthorizationHeader } from './authorization-header.js';
import { TokenService } from './token.service.js';

/** Lets a request through only with a valid access token; the caller becomes `@CurrentPrincipal()`. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = tokenFromAuthorizationHeader(request.headers.authorization);
    const claims = token ? this.tokens.verify(token) : undefined;
    if (!token || !claims) throw new AuthenticationRequiredError();
    request.principal = { userId: claims.sub, token };
    return true;
  }
}
