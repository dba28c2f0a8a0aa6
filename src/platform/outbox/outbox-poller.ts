import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { OutboxRelay } from './outbox-relay.js';

/**
 * The worker's safety net: the API relays right after each commit, and this catches whatever
 * it could not (Redis was down, the API stopped first).
 */
@Injectable()
export class OutboxPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxPoller.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.relay
        .drain()
        .then((relayed) => {
          if (relayed > 0) this.logger.log(`relayed ${relayed} outbox messages`);
        })
        .catch((error: Error) => this.logger.warn(`outbox relay failed: ${error.message}`));
    }, this.config.worker.outboxPollMs);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
