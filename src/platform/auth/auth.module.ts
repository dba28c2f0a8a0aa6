import { Global, Module } from '@nestjs/common';
import { AuthGuard } from './auth.guard.js';
import { LiveAccounts } from './live-accounts.js';
import { OptionalAuthGuard } from './optional-auth.guard.js';
import { RolesGuard } from './roles.js';
import { SessionRevocations } from './session-revocations.js';
import { TokenService } from './token.service.js';

@Global()
@Module({
  providers: [
    TokenService,
    AuthGuard,
    OptionalAuthGuard,
    RolesGuard,
    SessionRevocations,
    LiveAccounts,
  ],
  exports: [TokenService, AuthGuard, OptionalAuthGuard, RolesGuard, SessionRevocations],
})
export class AuthModule {}
