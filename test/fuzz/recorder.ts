import { checkResponse } from './checks.js';
import type { FuzzRequest, FuzzResponse } from './fuzz-request.js';

/** One distinct defect: the first request that showed it, and how many showed it. */
export interface Finding {
  rule: string;
  target: string;
  variant: string;
  status: number;
  detail: string;
  /** What tells this defect from others with the same rule and status (numbers and quotes masked). */
  error: string;
  /** What the API logged for the first such request (for a 5xx, the cause). */
  cause: string[];
  /** The API that answered it (its base URL), for the reproduction line. */
  baseUrl: string;
  request: FuzzRequest;
  count: number;
}

interface Occurrence {
  finding: Omit<Finding, 'count' | 'cause' | 'error'>;
  requestId: string;
}

/** Finds the lines an API logged for a request id. */
export type LogLookup = (baseUrl: string, requestId: string) => string[];

/**
 * Counts every answer and collects what the checks found. Findings are deduplicated by target,
 * status, rule and error; for a 5xx the error is the cause the API logged, read once the run is
 * over (a log line may arrive after its answer).
 */
export class Recorder {
  readonly statuses = new Map<string, number>();
  private readonly occurrences: Occurrence[] = [];
  sent = 0;

  record(request: FuzzRequest, response: FuzzResponse, baseUrl: string): void {
    this.sent += 1;
    const status = response.error ? `no answer (${response.error})` : String(response.status);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    const problem = checkResponse(request, response);
    // Enough occurrences to tell the causes apart; a run with more is broken anyway.
    if (!problem || this.occurrences.length >= 5_000) return;
    const { target, variant } = request;
    this.occurrences.push({
      finding: { ...problem, target, variant, status: response.status, baseUrl, request },
      requestId: String(response.headers['x-request-id'] ?? ''),
    });
  }

  /** The distinct findings, most frequent first. */
  findings(lookup: LogLookup): Finding[] {
    const distinct = new Map<string, Finding>();
    for (const { finding, requestId } of this.occurrences) {
      const cause =
        finding.rule.startsWith('5xx') && requestId ? lookup(finding.baseUrl, requestId) : [];
      const error = normalise(cause[0] ?? finding.detail);
      const key = [finding.target, finding.status, finding.rule, error].join('|');
      const known = distinct.get(key);
      if (known) known.count += 1;
      else distinct.set(key, { ...finding, error, cause, count: 1 });
    }
    return [...distinct.values()].sort((a, b) => b.count - a.count);
  }
}

/** Errors that differ only in quoted values or numbers are one error. */
function normalise(error: string): string {
  return error
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, '#')
    .slice(0, 120);
}
