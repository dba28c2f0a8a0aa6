import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

const tracer = trace.getTracer('conduit-outbox');

export interface RelayedMessage {
  id: string;
  queue: string;
  job_name: string;
  job_id: string;
  trace_context: Record<string, string>;
  attempts: number;
}

async function inSpan<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await context.with(trace.setSpan(context.active(), span), work);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * The relay's work on one message, as a child of the request that wrote it (the context stored
 * in the row), not a link: one message comes from one request and makes one job, so the job
 * belongs in that request's trace however late the relay gets to it. Its enqueue and the
 * deletion of the row run inside it.
 */
export function relaySpan<T>(
  message: RelayedMessage,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const origin = propagation.extract(ROOT_CONTEXT, message.trace_context);
  const span = tracer.startSpan(
    'outbox relay',
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        'outbox.message.id': message.id,
        'outbox.message.attempts': message.attempts,
        'messaging.destination.name': message.queue,
      },
    },
    origin,
  );
  return context.with(origin, () => inSpan(span, () => work(span)));
}

/**
 * The BullMQ enqueue, as a PRODUCER span. `work` receives the span's context in the format
 * BullMQ keeps in `opts.telemetry.metadata` (a JSON object of W3C headers, what bullmq-otel
 * writes too), so the worker's consumer span is this span's child.
 */
export function publishSpan<T>(
  message: RelayedMessage,
  work: (metadata: string) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(`${message.queue} publish`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'send',
      'messaging.destination.name': message.queue,
      'messaging.message.id': message.job_id,
    },
  });
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  return inSpan(span, () => work(JSON.stringify(carrier)));
}

/** The relay's passes belong to no caller: whoever asked for a pass, its messages are many traces. */
export function detached<T>(work: () => Promise<T>): Promise<T> {
  return context.with(ROOT_CONTEXT, work);
}

/** For what outlives the message at hand (a queue and its connection). */
export function detachedSync<T>(make: () => T): T {
  return context.with(ROOT_CONTEXT, make);
}
