import { Controller, Get, Res } from '@nestjs/common';
import { ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CacheStats } from '../../infra/cache/cache-stats.js';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator.js';
import { PROBLEM_MEDIA_TYPE } from '../openapi/openapi-constants.js';
import { ProblemDetails } from '../openapi/problem-details.schema.js';
import { CacheNamespaceStats, LivenessReport, ReadinessReport } from './health.responses.js';
import { ReadinessService } from './readiness.service.js';

/** Probes for orchestrators: liveness says the process runs, readiness that it can serve. */
@Controller('health')
@ApiTags('Health')
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly cacheStats: CacheStats,
  ) {}

  @Get('live')
  @ApiEndpoint({
    operationId: 'GetLiveness',
    summary: 'Liveness: the process runs (never checks dependencies)',
    auth: 'none',
    success: { status: 200, type: LivenessReport, description: 'Alive.' },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Cache hits, misses, bypasses (Redis down) and errors per namespace since start. */
  @Get('cache')
  @ApiEndpoint({
    operationId: 'GetCacheStats',
    summary: 'Cache counters per namespace',
    auth: 'none',
    success: {
      status: 200,
      description: 'Counters by namespace.',
      schema: {
        type: 'object',
        additionalProperties: { $ref: getSchemaPath(CacheNamespaceStats) },
      },
      models: [CacheNamespaceStats],
    },
  })
  cache(): ReturnType<CacheStats['snapshot']> {
    return this.cacheStats.snapshot();
  }

  @Get('ready')
  @ApiEndpoint({
    operationId: 'GetReadiness',
    summary: 'Readiness: Postgres and Redis answer, and no shutdown is under way',
    auth: 'none',
    success: { status: 200, type: ReadinessReport, description: 'Ready for traffic.' },
  })
  @ApiResponse({
    status: 503,
    description: 'Not ready: a dependency is down, or the instance is draining.',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ReadinessReport) } },
      [PROBLEM_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } },
    },
    headers: { 'Cache-Control': { schema: { type: 'string' }, description: '`no-store`.' } },
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const report = await this.readiness.check();
    reply.status(report.status === 'ready' ? 200 : 503).header('cache-control', 'no-store');
    return report;
  }
}
