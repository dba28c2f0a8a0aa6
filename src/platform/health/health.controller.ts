import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CacheStats } from '../../infra/cache/cache-stats.js';
import { ReadinessService, type ReadinessReport } from './readiness.service.js';

/** Probes for orchestrators: liveness says the process runs, readiness that it can serve. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly cacheStats: CacheStats,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Cache hits, misses, bypasses (Redis down) and errors per namespace since start. */
  @Get('cache')
  cache(): ReturnType<CacheStats['snapshot']> {
    return this.cacheStats.snapshot();
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const report = await this.readiness.check();
    reply.status(report.status === 'ready' ? 200 : 503).header('cache-control', 'no-store');
    return report;
  }
}
