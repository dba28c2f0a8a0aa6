import { Global, Module } from '@nestjs/common';
import { CacheStats } from './cache-stats.js';
import { CacheService } from './cache.service.js';

@Global()
@Module({ providers: [CacheService, CacheStats], exports: [CacheService, CacheStats] })
export class CacheModule {}
