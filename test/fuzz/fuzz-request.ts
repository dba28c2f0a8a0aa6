import type { IncomingHttpHeaders } from 'node:http';

/** One generated request; a pure function of the seed and the fixtures (see fixtures.ts). */
export interface FuzzRequest {
  /** What it exercises: an operationId, `graphql:<field>`, or `raw:<case>`. */
  target: string;
  /** How it was made hostile, e.g. `body:mutated`, `auth:expired`, `path:%00`. */
  variant: string;
  kind: 'rest' | 'graphql' | 'raw';
  method: string;
  /** Exactly as sent: percent-encoded by the generator, never normalised. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** For raw requests: the bytes written to the socket, request line included. */
  raw?: Buffer;
  /** Sent this many times at once (a race on one resource). */
  copies?: number;
  /** Which API process gets it: the main one, or the one running with default rate limits. */
  api?: 'main' | 'limits';
}

export interface FuzzResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Set when no complete answer arrived (reset, timeout...). */
  error?: string;
}
