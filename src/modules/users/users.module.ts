import { BullModule } from '@nestjs/bullmq';
import { Module, Optional } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BacklogMetrics } from '../../platform/metrics/backlog-metrics.js';
import { ArticlesModule } from '../articles/articles.module.js';
import { USERS_QUEUE } from './jobs/user-jobs.js';
import { UserJobsProducer } from './jobs/user-jobs.producer.js';
import { AccountKeys } from './account-key.js';
import { AuthAttempts } from './auth-attempts.js';
import { SessionsService } from './sessions/sessions.service.js';
import { PasswordHasher } from './password-hasher.js';
import { UserEntity } from './user.entity.js';
import { UsersController } from './users.controller.js';
import { UsersResolver } from './users.resolver.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity]),
    BullModule.registerQueue({ name: USERS_QUEUE }),
    ArticlesModule,
  ],
  controllers: [UsersController],
  providers: [
    UsersService,
    UsersResolver,
    PasswordHasher,
    UserJobsProducer,
    AuthAttempts,
    AccountKeys,
    SessionsService,
  ],
  exports: [UsersService],
})
export class UsersModule {
  // Optional: Nest's preview mode (the OpenAPI export) builds the graph without providers.
  constructor(@Optional() backlog?: BacklogMetrics) {
    backlog?.watch(USERS_QUEUE);
  }
}
