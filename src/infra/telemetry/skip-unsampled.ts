import { context, trace } from '@opentelemetry/api';

type Patched = (this: unknown, ...args: unknown[]) => unknown;
type MakePatch = (...args: unknown[]) => (original: Patched) => Patched;

/** Whether the span the current code runs in is kept (sampled). */
export function inRecordedSpan(): boolean {
  return trace.getSpan(context.active())?.isRecording() === true;
}

/**
 * Makes an instrumentation step aside unless the current span is sampled. With
 * `requireParentSpan` the Postgres and Redis instrumentations already do so when there is no
 * span at all; but nine requests in ten run in an unsampled span, and for each query and
 * command the instrumentation still gathered attributes, serialized the statement, asked the
 * SDK for a child (an id, the sampler, attribute checks), bound callbacks to the context and
 * updated its own pool counters, all for a span that records nothing: most of what tracing
 * cost a cached read (npm run bench:profile). Under every standard sampler a child of an
 * unsampled span is unsampled too, so nothing is lost; log lines keep the request span's ids.
 *
 * `methods` are the instrumentation's own patch factories, `(…) => (original) => patched`,
 * called when the library loads. A factory that a new version renamed is left alone (the
 * instrumentation then works as published, only slower); test/process/trace-tree keeps the
 * sampled path honest.
 */
export function skipWhenUnsampled<T extends object>(instrumentation: T, methods: string[]): T {
  const target = instrumentation as unknown as Record<string, unknown>;
  for (const method of methods) {
    const makePatch = target[method];
    if (typeof makePatch !== 'function') continue;
    target[method] = (...args: unknown[]) => {
      const patch = (makePatch as MakePatch).apply(instrumentation, args);
      return (original: Patched) => {
        const traced = patch(original);
        // `arguments`, not a rest parameter: no array per query or command.
        return function (this: unknown) {
          // eslint-disable-next-line prefer-rest-params
          const args = arguments as unknown as unknown[];
          return inRecordedSpan() ? traced.apply(this, args) : original.apply(this, args);
        };
      };
    };
  }
  return instrumentation;
}
