import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  applyDecorators,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../errors/app-error.js';
import { AuthGuard } from './auth.guard.js';
import type { AuthenticatedRequest, Principal, Role } from './authenticated-request.js';

const ROLES_KEY = 'conduit:roles';

/** Only callers holding one of `roles` may use the route (401 without a token, 403 without the role). */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), UseGuards(AuthGuard, RolesGuard));

/** Function-level authorization: the role in the caller's access token against the route's. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) return true;
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal || !roles.includes(principal.role)) throw new RoleRequiredError(roles);
    return true;
  }
}

export class RoleRequiredError extends AppError {
  constructor(roles: Role[]) {
    super('forbidden', 'ROLE_REQUIRED', `this requires the ${roles.join(' or ')} role`);
  }
}

/** Moderators may act on other people's content. */
export const isModerator = (principal: Pick<Principal, 'role'>) => principal.role === 'admin';
