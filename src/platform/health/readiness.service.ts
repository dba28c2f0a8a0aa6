import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { REDIS } from '../../infra/redis/redis.module.js';
import { ShutdownState } from '../lifecycle/shutdown-state.js';
import { checkDependency } from './dependency-check.js';
import type { ReadinessReport } from './health.responses.js';

export type { ReadinessReport };

const PROBE_TIMEOUT_MS = 1_000;

/** Whether this instance should receive traffic: both dependencies answer and no shutdown is under way. */
@Injectable()
export class ReadinessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly shutdown: ShutdownState,
  ) {}

  async check(): Promise<ReadinessReport> {
    const [postgres, redis] = await Promise.all([
      checkDependency(() => this.dataSource.query('SELECT 1'), PROBE_TIMEOUT_MS),
      checkDependency(() => this.pingRedis(), PROBE_TIMEOUT_MS),
    ]);
    const healthy = postgres.status === 'up' && redis.status === 'up';
    const status = this.shutdown.isDraining ? 'draining' : healthy ? 'ready' : 'unavailable';
    return { status, checks: { postgres, redis } };
  }

  private async pingRedis(): Promise<void> {
    if (this.redis.status !== 'ready') throw new Error(`not connected (${this.redis.status})`);
    await this.redis.ping();
  }
}
