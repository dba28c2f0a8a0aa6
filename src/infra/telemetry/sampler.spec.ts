import { describe, expect, it } from '@jest/globals';
import type { TelemetryConfig } from '../../config/app-config.js';
import { samplerFor } from './sampler.js';

const config = (fields: Partial<TelemetryConfig>): TelemetryConfig => ({
  enabled: true,
  serviceName: 'conduit-api',
  exporter: 'otlp',
  otlpProtocol: 'http/protobuf',
  recordSpans: true,
  ...fields,
});

describe('samplerFor (OTEL_TRACES_SAMPLER and its argument)', () => {
  it('records nothing when spans go nowhere and no sampler was chosen', () => {
    expect(samplerFor(config({ exporter: 'none', recordSpans: false })).toString()).toBe(
      'ParentBased{root=AlwaysOffSampler, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}',
    );
  });

  it('defaults to parent-based, always on, as the specification says', () => {
    expect(samplerFor(config({})).toString()).toMatch(/^ParentBased\{root=AlwaysOnSampler,/);
  });

  it('applies each named sampler, with its ratio', () => {
    const ratio = { samplerRatio: 0.1 };
    expect(samplerFor(config({ sampler: 'always_on' })).toString()).toBe('AlwaysOnSampler');
    expect(samplerFor(config({ sampler: 'always_off' })).toString()).toBe('AlwaysOffSampler');
    expect(samplerFor(config({ sampler: 'traceidratio', ...ratio })).toString()).toBe(
      'TraceIdRatioBased{0.1}',
    );
    expect(
      samplerFor(config({ sampler: 'parentbased_traceidratio', ...ratio })).toString(),
    ).toMatch(/^ParentBased\{root=TraceIdRatioBased\{0\.1\},/);
    expect(samplerFor(config({ sampler: 'parentbased_always_off' })).toString()).toMatch(
      /^ParentBased\{root=AlwaysOffSampler,/,
    );
    expect(samplerFor(config({ sampler: 'traceidratio' })).toString()).toBe('TraceIdRatioBased{1}');
  });
});
