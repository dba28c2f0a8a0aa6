import type { FastifyRequest, onSendHookHandler, preHandlerAsyncHookHandler } from 'fastify';
import { OperationTypeNode } from 'graphql';
import type { preExecutionHookHandler } from 'mercurius';
import type { CacheStats } from '../../../infra/cache/cache-stats.js';
import type { CacheService } from '../../../infra/cache/cache.service.js';
import type { GraphqlContext } from '../graphql-context.js';
import { labelOperationSpan } from '../operation-span.js';
import { MemoRecorder } from './memo-recorder.js';
import { memoizableOperation } from './memoizable-operation.js';
import { ResponseMemo } from './response-memo.js';

const RECORDER = Symbol('graphqlMemoRecorder');
const KEY = Symbol('graphqlMemoKey');
/** The memo's key, set (by `answer`) only on a request the memo may answer or learn from. */
type MemoRequest = FastifyRequest & { [KEY]?: string; [RECORDER]?: MemoRecorder };
/** What Fastify sends with a serialized object, so a memo answer looks like a run one. */
const JSON_TYPE = 'application/json; charset=utf-8';
/** The memo's hits and misses, next to the cache entries it rests on (/health/cache, /metrics). */
const NAMESPACE = 'graphql-response';

interface QueryBody {
  query: string;
  variables?: unknown;
  operationName?: unknown;
}

/**
 * The requests the memo answers and learns from: one operation sent with POST (a JSON body) or
 * GET (the query string), by a caller without credentials. An answer to a signed-in caller
 * carries their own flags (favorited, following), so it is never kept, and never given.
 */
function candidate(request: FastifyRequest): QueryBody | undefined {
  if (request.headers.authorization !== undefined) return undefined;
  const source =
    request.method === 'POST' ? request.body : request.method === 'GET' ? request.query : undefined;
  const body = source as QueryBody | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  return typeof body.query === 'string' ? body : undefined;
}

/** Same text, variables and operation name: the same execution, given the same cache entries. */
function memoKey(body: QueryBody): string {
  const name = typeof body.operationName === 'string' ? body.operationName : '';
  return `${name}\u0000${JSON.stringify(body.variables ?? null)}\u0000${body.query}`;
}

export interface ResponseMemoOptions {
  cache: CacheService;
  stats: CacheStats;
  /** Counts an operation answered from the memo, as the metrics hook counts a run one. */
  countOperation?: (type: string, name: string | undefined) => void;
  memo?: ResponseMemo;
}

/**
 * The GraphQL response memo (ADR 0019). An anonymous query whose root resolvers all read whole
 * cache entries is answered, the next time it comes, with the text sent the first time, once
 * one Redis read per entry shows each entry still holds the text the answer was made from.
 * The entries are the ones REST reads and writes invalidate, so the memo is exactly as fresh as
 * the cache: a write that drops an entry makes the next request run the query again.
 */
export function graphqlResponseMemo(options: ResponseMemoOptions) {
  const { cache, stats, countOperation } = options;
  const memo = options.memo ?? new ResponseMemo();

  /** Route preHandler, after the operation span starts: answers from the memo when it may. */
  const answer: preHandlerAsyncHookHandler = async (request: MemoRequest, reply) => {
    const body = candidate(request);
    if (!body) return;
    const key = memoKey(body);
    request[KEY] = key;
    const entry = memo.get(key);
    if (!entry) return;
    const current = await Promise.all(entry.sources.map((source) => cache.peekJson(source.entry)));
    if (current.some((json, index) => json !== entry.sources[index].json)) {
      memo.delete(key);
      return;
    }
    stats.record(NAMESPACE, 'hit');
    // Only queries are kept.
    countOperation?.(OperationTypeNode.QUERY, entry.operation.name);
    labelOperationSpan(request, OperationTypeNode.QUERY, entry.operation.name);
    reply.header('x-cache', 'HIT').type(JSON_TYPE);
    return reply.send(entry.payload);
  };

  /** Mercurius preExecution hook: a memoizable operation gets a recorder its resolvers report to. */
  const learn: preExecutionHookHandler = (schema, document, mercuriusContext) => {
    const context = mercuriusContext as unknown as GraphqlContext;
    const request = context.reply?.request as MemoRequest | undefined;
    if (request?.[KEY] === undefined) return;
    const operation = memoizableOperation(schema, document);
    if (!operation) return;
    stats.record(NAMESPACE, 'miss');
    const recorder = new MemoRecorder(operation, request[KEY]);
    context.memo = recorder;
    request[RECORDER] = recorder;
  };

  /** Route onSend: keeps a complete answer, as the bytes that went out. */
  const keep: onSendHookHandler = (request: MemoRequest, reply, payload, done) => {
    const recorder = request[RECORDER];
    const sources = recorder?.sourcesIfComplete();
    if (recorder && sources && reply.statusCode === 200 && typeof payload === 'string') {
      memo.set(recorder.key, { payload, sources, operation: recorder.operation });
    }
    done(null, payload);
  };

  return { answer, learn, keep, memo };
}
