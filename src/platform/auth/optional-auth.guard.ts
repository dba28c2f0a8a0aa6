import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthenticatedRequest } from './authenticated-request.js';
import { TokenService } from './token.service.js';

/**
 * For routes anyone may call whose answer depends on who asks (`following`, `favorited`).
 * No Authorization header: anonymous. A header with a bad token: 401, so a client with an
 * expired session learns it instead of silently seeing the anonymous view.
 */
@Injectable()
export class OptionalAuthGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.principal = await this.tokens.authenticate(request.headers.authorization, false);
    return true;
  }
}
