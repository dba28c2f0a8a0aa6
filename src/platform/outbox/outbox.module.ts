import { Module } from '@nestjs/common';
import { OutboxPoller } from './outbox-poller.js';
import { OutboxRelay } from './outbox-relay.js';

/** The API side: relays right after a commit. */
@Module({ providers: [OutboxRelay], exports: [OutboxRelay] })
export class OutboxModule {}

/** The worker side: also polls for messages nobody relayed yet. */
@Module({ providers: [OutboxRelay, OutboxPoller], exports: [OutboxRelay] })
export class OutboxWorkerModule {}
