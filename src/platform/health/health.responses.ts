import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LivenessReport {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}

export class DependencyStatusView {
  @ApiProperty({ enum: ['up', 'down'] })
  status: 'up' | 'down';

  @ApiPropertyOptional({ type: 'integer' })
  latencyMs?: number;

  @ApiPropertyOptional()
  error?: string;
}

class DependencyChecks {
  @ApiProperty()
  postgres: DependencyStatusView;

  @ApiProperty()
  redis: DependencyStatusView;
}

export class ReadinessReport {
  @ApiProperty({ enum: ['ready', 'unavailable', 'draining'] })
  status: 'ready' | 'unavailable' | 'draining';

  @ApiProperty()
  checks: DependencyChecks;
}

export class CacheNamespaceStats {
  @ApiProperty({ type: 'integer' })
  hit: number;

  @ApiProperty({ type: 'integer' })
  miss: number;

  @ApiProperty({ type: 'integer', description: 'Reads served from Postgres while Redis was down.' })
  bypass: number;

  @ApiProperty({ type: 'integer' })
  error: number;

  @ApiProperty({ minimum: 0, maximum: 1 })
  hitRatio: number;
}
