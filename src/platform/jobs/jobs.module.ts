import { Module } from '@nestjs/common';
import { JobConsumers } from './job-consumers.js';

/** Imported by each feature's worker module that consumes a queue. */
@Module({ providers: [JobConsumers], exports: [JobConsumers] })
export class JobsModule {}
