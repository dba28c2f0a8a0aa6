/**
 * Reads the series a PromQL expression selects and the labels it filters and groups by, without
 * a full parser: a tokenizer that knows strings, ranges, durations, numbers and Grafana variables,
 * then a walk that tells metric names from functions, keywords and label lists. Enough to check
 * that a dashboard or a rule names only series the service exports (test/tooling/observability-stack).
 */

export interface Matcher {
  label: string;
  op: string;
  value: string;
}

export interface Selector {
  /** The metric name, or null for a selector with no name (`{job="x"}`). */
  name: string | null;
  matchers: Matcher[];
  /** Token position, to tell which aggregation a selector sits in. */
  at: number;
}

export interface Grouping {
  /** by, without (aggregations), on, ignoring, group_left, group_right (binary operators). */
  kind: string;
  labels: string[];
  /** The selectors the labels apply to: an aggregation's argument, or the whole expression. */
  selectors: Selector[];
}

export interface PromqlReading {
  selectors: Selector[];
  groupings: Grouping[];
}

type Token =
  | { kind: 'ident'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'punct'; text: string }
  | { kind: 'other'; text: string };

const AGGREGATIONS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
  'limitk',
  'limit_ratio',
]);
const LABEL_LISTS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
/** Words that are neither metrics nor functions (followed by no parenthesis). */
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'atan2', 'inf', 'nan']);

const DURATION = /^(\d+(ms|s|m|h|d|w|y))+/;
const NUMBER = /^(0x[0-9a-f]+|(\d+\.?\d*|\.\d+)(e[+-]?\d+)?)/i;
const IDENT = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
/** Grafana's template variables: $__rate_interval, ${var}, [[var]] is not used here. */
const VARIABLE = /^\$(\{[^}]*\}|[a-zA-Z_][a-zA-Z0-9_]*)/;
const OPERATOR = /^(=~|!~|!=|==|<=|>=|[=<>+\-*/%^@])/;

export function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let rest = expr;
  while (rest.length > 0) {
    const space = /^(\s+|#[^\n]*)/.exec(rest);
    if (space) {
      rest = rest.slice(space[0].length);
      continue;
    }
    const first = rest[0];
    if (first === '"' || first === "'" || first === '`') {
      let end = 1;
      let text = '';
      while (end < rest.length && rest[end] !== first) {
        if (rest[end] === '\\' && first !== '`') end += 1;
        text += rest[end];
        end += 1;
      }
      if (end >= rest.length) throw new Error(`unterminated string in: ${expr}`);
      tokens.push({ kind: 'string', text });
      rest = rest.slice(end + 1);
      continue;
    }
    if (first === '[') {
      // A range or subquery ([5m], [$__rate_interval], [1h:5m]): no names inside.
      const end = rest.indexOf(']');
      if (end < 0) throw new Error(`unterminated range in: ${expr}`);
      tokens.push({ kind: 'other', text: rest.slice(0, end + 1) });
      rest = rest.slice(end + 1);
      continue;
    }
    const match =
      DURATION.exec(rest) ?? NUMBER.exec(rest) ?? VARIABLE.exec(rest) ?? OPERATOR.exec(rest);
    if (match) {
      tokens.push({ kind: 'other', text: match[0] });
      rest = rest.slice(match[0].length);
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0] });
      rest = rest.slice(ident[0].length);
      continue;
    }
    if ('(){},'.includes(first)) {
      tokens.push({ kind: 'punct', text: first });
      rest = rest.slice(1);
      continue;
    }
    throw new Error(`unexpected "${first}" in: ${expr}`);
  }
  return tokens;
}

export function readPromql(expr: string): PromqlReading {
  const tokens = tokenize(expr);
  const selectors: Selector[] = [];
  const spans: { kind: string; labels: string[]; from: number; to: number }[] = [];
  const isPunct = (i: number, text: string) =>
    tokens[i]?.kind === 'punct' && tokens[i].text === text;

  const closing = (open: number, left: string, right: string): number => {
    let depth = 0;
    for (let i = open; i < tokens.length; i += 1) {
      if (isPunct(i, left)) depth += 1;
      if (isPunct(i, right)) depth -= 1;
      if (depth === 0) return i;
    }
    throw new Error(`unbalanced ${left} in: ${expr}`);
  };

  // `by (a, b)` at i: the labels and the position after the list.
  const labelList = (i: number): { labels: string[]; next: number } => {
    if (!isPunct(i + 1, '(')) return { labels: [], next: i + 1 };
    const end = closing(i + 1, '(', ')');
    const labels = tokens
      .slice(i + 2, end)
      .filter((t) => t.kind === 'ident')
      .map((t) => t.text);
    return { labels, next: end + 1 };
  };

  const matchers = (open: number): { matchers: Matcher[]; next: number } => {
    const end = closing(open, '{', '}');
    const found: Matcher[] = [];
    for (let i = open + 1; i < end; i += 1) {
      const [label, op, value] = [tokens[i], tokens[i + 1], tokens[i + 2]];
      if (label.kind === 'punct' && label.text === ',') continue;
      if (label.kind !== 'ident' || op?.kind !== 'other' || value?.kind !== 'string') {
        throw new Error(`unreadable label matcher in: ${expr}`);
      }
      found.push({ label: label.text, op: op.text, value: value.text });
      i += 2;
    }
    return { matchers: found, next: end + 1 };
  };

  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    if (token.kind === 'punct' && token.text === '{') {
      const read = matchers(i);
      const named = read.matchers.find((m) => m.label === '__name__' && m.op === '=');
      selectors.push({ name: named?.value ?? null, matchers: read.matchers, at: i });
      i = read.next;
      continue;
    }
    if (token.kind !== 'ident') {
      i += 1;
      continue;
    }
    const word = token.text.toLowerCase();
    if (LABEL_LISTS.has(word)) {
      const list = labelList(i);
      // A binary operator's list applies to both sides: check it against the whole expression.
      if (!['by', 'without'].includes(word)) {
        spans.push({ kind: word, labels: list.labels, from: 0, to: tokens.length });
      }
      i = list.next;
      continue;
    }
    if (AGGREGATIONS.has(word) && (isPunct(i + 1, '(') || LABEL_LISTS.has(tokens[i + 1]?.text))) {
      // sum by (a) (expr) or sum (expr) by (a): the labels apply to the selectors inside expr.
      let at = i + 1;
      let grouping: { kind: string; labels: string[] } | undefined;
      if (tokens[at]?.kind === 'ident') {
        const list = labelList(at);
        grouping = { kind: tokens[at].text, labels: list.labels };
        at = list.next;
      }
      const end = closing(at, '(', ')');
      const after = tokens[end + 1];
      if (!grouping && after?.kind === 'ident' && ['by', 'without'].includes(after.text)) {
        grouping = { kind: after.text, labels: labelList(end + 1).labels };
      }
      if (grouping) spans.push({ ...grouping, from: at, to: end });
      // Continue inside the argument; a trailing by-list is skipped as a label list.
      i = at;
      continue;
    }
    if (isPunct(i + 1, '(') || KEYWORDS.has(word)) {
      i += 1;
      continue;
    }
    if (isPunct(i + 1, '{')) {
      const read = matchers(i + 1);
      selectors.push({ name: token.text, matchers: read.matchers, at: i });
      i = read.next;
      continue;
    }
    selectors.push({ name: token.text, matchers: [], at: i });
    i += 1;
  }

  const groupings = spans.map(({ kind, labels, from, to }) => ({
    kind,
    labels,
    selectors: selectors.filter((s) => s.at >= from && s.at <= to),
  }));
  return { selectors, groupings };
}
