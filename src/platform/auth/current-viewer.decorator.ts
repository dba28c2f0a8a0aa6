import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './authenticated-request.js';

/** The caller's user id on routes guarded by {@link OptionalAuthGuard}; undefined when anonymous. */
export const CurrentViewer = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal?.userId,
);
