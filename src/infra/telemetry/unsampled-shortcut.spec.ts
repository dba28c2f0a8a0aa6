import { describe, expect, it } from '@jest/globals';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  InMemorySpanExporter,
  ParentBasedSampler,
  type Sampler,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { UnsampledShortcutTracerProvider } from './unsampled-shortcut.js';

function setup(root: Sampler) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    sampler: new ParentBasedSampler({ root }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const parent = provider.getTracer('http').startSpan('GET /api/tags');
  const inParent = trace.setSpan(ROOT_CONTEXT, parent);
  const child = new UnsampledShortcutTracerProvider(provider).getTracer('pg');
  return { exporter, parent, inParent, child };
}

describe('UnsampledShortcutTracerProvider', () => {
  it('hands back the unsampled parent instead of making a child that records nothing', () => {
    const { parent, inParent, child } = setup(new AlwaysOffSampler());
    expect(parent.isRecording()).toBe(false);
    expect(child.startSpan('SELECT', {}, inParent)).toBe(parent);
  });

  it('makes a real child of a sampled parent', () => {
    const { exporter, parent, inParent, child } = setup(new AlwaysOnSampler());
    const span = child.startSpan('SELECT', {}, inParent);
    expect(span).not.toBe(parent);
    span.end();
    const [recorded] = exporter.getFinishedSpans();
    expect(recorded.name).toBe('SELECT');
    expect(recorded.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(recorded.spanContext().traceId).toBe(parent.spanContext().traceId);
  });

  it('leaves a span that asks to be a root to the sampler', () => {
    const { parent, inParent, child } = setup(new AlwaysOffSampler());
    expect(child.startSpan('connect', { root: true }, inParent)).not.toBe(parent);
  });
});
