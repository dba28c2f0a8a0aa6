import { readFileSync } from 'node:fs';

/** A finished span as test/support/in-memory-spans.preload.mjs writes it. */
export interface RecordedSpan {
  service: string;
  scope: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  links: { traceId: string; spanId: string }[];
  attributes: Record<string, unknown>;
  status: { code: number; message?: string };
}

export const SpanKinds = { INTERNAL: 0, SERVER: 1, CLIENT: 2, PRODUCER: 3, CONSUMER: 4 } as const;

const PG_SCOPE = '@opentelemetry/instrumentation-pg';
const REDIS_SCOPE = '@opentelemetry/instrumentation-ioredis';

/** The spans several processes kept, read from their files, with the questions tests ask. */
export class SpanTree {
  constructor(readonly spans: RecordedSpan[]) {}

  static fromFiles(...files: string[]): SpanTree {
    return new SpanTree(
      files.flatMap((file) => JSON.parse(readFileSync(file, 'utf8')) as RecordedSpan[]),
    );
  }

  trace(traceId: string): RecordedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  /** The one span that matches; a clear error naming what was there when none or several do. */
  one(description: string, matches: (span: RecordedSpan) => boolean): RecordedSpan {
    const found = this.spans.filter(matches);
    if (found.length !== 1) {
      throw new Error(
        `expected one span: ${description}; found ${found.length}.\n` +
          `Spans recorded:\n${this.spans.map((span) => `  ${label(span)}`).join('\n')}`,
      );
    }
    return found[0];
  }

  /** Asserts `child` hangs directly under `parent`, in its trace; the error draws the trace. */
  expectParent(parent: RecordedSpan, child: RecordedSpan): void {
    if (child.traceId === parent.traceId && child.parentSpanId === parent.spanId) return;
    const actual = this.spans.find((span) => span.spanId === child.parentSpanId);
    throw new Error(
      `missing edge: "${parent.name}" → "${child.name}". ` +
        `"${child.name}" is ${actual ? `under "${actual.name}"` : 'a root (or under a span nobody recorded)'} ` +
        `in trace ${child.traceId}; "${parent.name}" is in trace ${parent.traceId}.\n` +
        `Trace of "${parent.name}":\n${this.draw(parent.traceId)}\n` +
        (child.traceId === parent.traceId
          ? ''
          : `Trace of "${child.name}":\n${this.draw(child.traceId)}`),
    );
  }

  /** The trace as an indented tree, for failure messages. */
  draw(traceId: string): string {
    const spans = this.trace(traceId);
    const ids = new Set(spans.map((span) => span.spanId));
    const lines: string[] = [];
    const walk = (span: RecordedSpan, depth: number) => {
      lines.push(`${'  '.repeat(depth + 1)}${label(span)}`);
      for (const child of spans.filter((other) => other.parentSpanId === span.spanId))
        walk(child, depth + 1);
    };
    for (const root of spans.filter((span) => !span.parentSpanId || !ids.has(span.parentSpanId)))
      walk(root, 0);
    return lines.join('\n');
  }
}

function label(span: RecordedSpan): string {
  const statement = queryText(span);
  return `${span.name} [${span.service}]${statement ? ` ${statement.slice(0, 60)}` : ''}`;
}

/** The SQL of a Postgres span, under either semantic-conventions attribute. */
export function queryText(span: RecordedSpan): string | undefined {
  const text = span.attributes['db.query.text'] ?? span.attributes['db.statement'];
  return typeof text === 'string' ? text.replace(/\s+/g, ' ') : undefined;
}

export const isPostgresQuery = (span: RecordedSpan) =>
  span.scope === PG_SCOPE && queryText(span) !== undefined;
export const isRedisCommand = (span: RecordedSpan) => span.scope === REDIS_SCOPE;
