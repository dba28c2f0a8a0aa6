import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import type { TelemetryConfig } from '../../config/app-config.js';

/**
 * The sampler that OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG name, as the specification
 * defines them. Without either, and with nowhere to send spans, spans are not recorded: trace
 * ids still reach logs and downstream calls, at a fraction of the cost.
 */
export function samplerFor(config: TelemetryConfig): Sampler {
  if (!config.recordSpans) return new ParentBasedSampler({ root: new AlwaysOffSampler() });
  const ratio = new TraceIdRatioBasedSampler(config.samplerRatio ?? 1);
  switch (config.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
    case 'parentbased_always_on':
    case undefined:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}
