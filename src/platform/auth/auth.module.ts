import { Global, Module } from '@nestjs/common';
import { AuthGuard } from './auth.guard.js';
import { OptionalAuthGuard } from './optional-auth.guard.js';
import { TokenService } from './token.service.js';

@Global()
@Module({
  providers: [TokenService, AuthGuard, OptionalAuthGuard],
  exports: [TokenService, AuthGuard, OptionalAuthGuard],
})
export class AuthModule {}
