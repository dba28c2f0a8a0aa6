import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOffSampler, AlwaysOnSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { skipWhenUnsampled } from './skip-unsampled.js';

/** Shaped like an instrumentation: a patch factory, called once the library loads. */
class FakeInstrumentation {
  traced = 0;
  _getQueryPatch() {
    return (original: (sql: string) => string) =>
      (sql: string): string => {
        this.traced++;
        return original(sql);
      };
  }
}

describe('skipWhenUnsampled', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });
  afterAll(() => {
    context.disable();
  });

  const query = () => {
    const instrumentation = skipWhenUnsampled(new FakeInstrumentation(), [
      '_getQueryPatch',
      '_renamedInANewVersion',
    ]);
    const patched = instrumentation._getQueryPatch()((sql: string) => `ran ${sql}`);
    return { instrumentation, patched };
  };
  const inSpanOf = (provider: TracerProvider, run: () => void) =>
    context.with(trace.setSpan(ROOT_CONTEXT, provider.getTracer('t').startSpan('GET /x')), run);

  it('calls the library directly inside an unsampled span', () => {
    const { instrumentation, patched } = query();
    inSpanOf(new TracerProvider({ sampler: new AlwaysOffSampler() }), () => {
      expect(patched('SELECT 1')).toBe('ran SELECT 1');
    });
    expect(instrumentation.traced).toBe(0);
  });

  it('goes through the instrumentation inside a sampled span', () => {
    const { instrumentation, patched } = query();
    inSpanOf(new TracerProvider({ sampler: new AlwaysOnSampler() }), () => {
      expect(patched('SELECT 1')).toBe('ran SELECT 1');
    });
    expect(instrumentation.traced).toBe(1);
  });
});
