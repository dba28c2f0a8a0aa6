import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { AuthenticationRequiredError } from './auth.errors.js';
import type { AuthenticatedRequest, Principal } from './authenticated-request.js';

/** The authenticated caller; use on routes guarded by {@link AuthGuard}. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw new AuthenticationRequiredError();
    return principal;
  },
);
