import { Global, Module } from '@nestjs/common';
import { InFlightRequests } from './in-flight-requests.js';
import { ShutdownState } from './shutdown-state.js';

@Global()
@Module({
  providers: [ShutdownState, InFlightRequests],
  exports: [ShutdownState, InFlightRequests],
})
export class LifecycleModule {}
