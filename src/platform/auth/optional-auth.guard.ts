import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthenticationRequiredError } from './auth.errors.js';
import type { AuthenticatedRequest } from './authenticated-request.js';
import { tokenFromAuthorizationHeader } from './authorization-header.js';
import { TokenService } from './token.service.js';

/**
 * For routes anyone may call whose answer depends on who asks (`following`, `favorited`).
 * No Authorization header: anonymous. A header with a bad token: 401, so a client with an
 * expired session learns it instead of silently seeing the anonymous view.
 */
@Injectable()
export class OptionalAuthGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header) return true;
    const token = tokenFromAuthorizationHeader(header);
    const claims = token ? this.tokens.verify(token) : undefined;
    if (!token || !claims) throw new AuthenticationRequiredError();
    request.principal = { userId: claims.sub, token };
    return true;
  }
}
