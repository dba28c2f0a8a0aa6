/**
 * Every series the service exports, in one place: the instruments are built from this list, the
 * docs list it, and a test checks that the dashboard and the alert rules name nothing else.
 *
 * Names are the OpenTelemetry semantic-convention names where one exists, written the way
 * OpenTelemetry's own Prometheus exporter writes them (dots become underscores, the unit becomes
 * a suffix, counters end in `_total`), so a dashboard built for either path reads both.
 * Every label takes values from a closed set the code chooses (route templates, not URLs;
 * namespaces, not keys), so no request can add a series (test/e2e/metrics-cardinality).
 */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** Which process exports a series: the API (METRICS_PORT) or the worker (WORKER_METRICS_PORT). */
export type MetricSource = 'api' | 'worker';

export interface MetricDefinition {
  name: string;
  type: MetricType;
  help: string;
  labels: readonly string[];
  /** Histogram bucket bounds, in the metric's unit. */
  buckets?: readonly number[];
  sources: readonly MetricSource[];
}

/** Latency buckets in seconds, from the semantic conventions' advice for HTTP durations. */
export const DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
] as const;
/** Finer at the low end: most Postgres and Redis commands finish well under 5 ms. */
const CLIENT_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
] as const;
/** Image jobs take seconds, not milliseconds. */
const JOB_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] as const;
const GC_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5] as const;

const both = ['api', 'worker'] as const;

export const METRICS = {
  // HTTP and GraphQL (API)
  httpDuration: {
    name: 'http_server_request_duration_seconds',
    type: 'histogram',
    help: 'Duration of HTTP requests, by route template, method and status code.',
    labels: ['http_route', 'http_request_method', 'http_response_status_code'],
    buckets: DURATION_BUCKETS,
    sources: ['api'],
  },
  graphqlOperations: {
    name: 'graphql_server_operations_total',
    type: 'counter',
    help: 'GraphQL operations executed, by type and name (names past the first 100 are _OTHER).',
    labels: ['graphql_operation_type', 'graphql_operation_name'],
    sources: ['api'],
  },
  graphqlErrors: {
    name: 'graphql_server_errors_total',
    type: 'counter',
    help: 'GraphQL errors answered, by extensions.code.',
    labels: ['graphql_error_code'],
    sources: ['api'],
  },
  // Runtime (both processes)
  eventLoopDelayP50: {
    name: 'nodejs_eventloop_delay_p50_seconds',
    type: 'gauge',
    help: 'Event-loop delay, 50th percentile since the previous scrape.',
    labels: [],
    sources: both,
  },
  eventLoopDelayP99: {
    name: 'nodejs_eventloop_delay_p99_seconds',
    type: 'gauge',
    help: 'Event-loop delay, 99th percentile since the previous scrape.',
    labels: [],
    sources: both,
  },
  eventLoopDelayMax: {
    name: 'nodejs_eventloop_delay_max_seconds',
    type: 'gauge',
    help: 'Event-loop delay, maximum since the previous scrape.',
    labels: [],
    sources: both,
  },
  eventLoopUtilization: {
    name: 'nodejs_eventloop_utilization_ratio',
    type: 'gauge',
    help: 'Share of time the event loop was busy since the previous scrape (0 to 1).',
    labels: [],
    sources: both,
  },
  heapUsed: {
    name: 'v8js_memory_heap_used_bytes',
    type: 'gauge',
    help: 'V8 heap in use, by heap space.',
    labels: ['v8js_heap_space_name'],
    sources: both,
  },
  heapLimit: {
    name: 'v8js_memory_heap_limit_bytes',
    type: 'gauge',
    help: 'V8 heap size limit, by heap space.',
    labels: ['v8js_heap_space_name'],
    sources: both,
  },
  gcDuration: {
    name: 'v8js_gc_duration_seconds',
    type: 'histogram',
    help: 'Garbage-collection pauses, by kind (minor, major, incremental, weakcb).',
    labels: ['v8js_gc_type'],
    buckets: GC_BUCKETS,
    sources: both,
  },
  processMemory: {
    name: 'process_memory_usage_bytes',
    type: 'gauge',
    help: 'Resident set size of the process.',
    labels: [],
    sources: both,
  },
  processCpu: {
    name: 'process_cpu_time_seconds_total',
    type: 'counter',
    help: 'CPU time used by the process, by mode (user, system).',
    labels: ['cpu_mode'],
    sources: both,
  },
  // Postgres and Redis (both processes)
  dbConnections: {
    name: 'db_client_connection_count',
    type: 'gauge',
    help: 'Postgres pool connections, by state (used, idle).',
    labels: ['db_client_connection_pool_name', 'db_client_connection_state'],
    sources: both,
  },
  dbPendingRequests: {
    name: 'db_client_connection_pending_requests',
    type: 'gauge',
    help: 'Queries waiting for a free Postgres pool connection.',
    labels: ['db_client_connection_pool_name'],
    sources: both,
  },
  dbOperationDuration: {
    name: 'db_client_operation_duration_seconds',
    type: 'histogram',
    help: 'Duration of Postgres queries and Redis commands, by system and operation.',
    labels: ['db_system_name', 'db_operation_name'],
    buckets: CLIENT_BUCKETS,
    sources: both,
  },
  // Cache (both: the worker invalidates), rate limit and auth (API)
  cacheOperations: {
    name: 'cache_operations_total',
    type: 'counter',
    help: 'Cache lookups, by namespace and outcome (hit, miss, bypass, error).',
    labels: ['cache_namespace', 'cache_outcome'],
    sources: both,
  },
  rateLimitRejections: {
    name: 'rate_limit_rejections_total',
    type: 'counter',
    help: 'Requests refused with 429, by rate-limit policy.',
    labels: ['rate_limit_policy'],
    sources: ['api'],
  },
  loginFailures: {
    name: 'auth_login_failures_total',
    type: 'counter',
    help: 'Failed logins (wrong email or password).',
    labels: [],
    sources: ['api'],
  },
  lockouts: {
    name: 'auth_lockouts_total',
    type: 'counter',
    help: 'Lockouts imposed on an account from one client after repeated failed logins.',
    labels: [],
    sources: ['api'],
  },
  // Jobs: depth is read by the API (it still sees a backlog when every worker is down).
  queueJobs: {
    name: 'queue_jobs',
    type: 'gauge',
    help: 'Jobs in each queue, by state (waiting, prioritized, active, delayed, failed, completed).',
    labels: ['queue_name', 'job_state'],
    sources: ['api'],
  },
  queueOldestWaiting: {
    name: 'queue_oldest_waiting_job_age_seconds',
    type: 'gauge',
    help: 'Age of the oldest job waiting to start; 0 when none waits.',
    labels: ['queue_name'],
    sources: ['api'],
  },
  jobDuration: {
    name: 'job_duration_seconds',
    type: 'histogram',
    help: 'Time a worker spent on a job, by queue, job name and outcome (completed, failed).',
    labels: ['queue_name', 'job_name', 'job_outcome'],
    buckets: JOB_BUCKETS,
    sources: ['worker'],
  },
  jobFailures: {
    name: 'job_failures_total',
    type: 'counter',
    help: 'Job attempts that failed, by queue and job name.',
    labels: ['queue_name', 'job_name'],
    sources: ['worker'],
  },
  jobStalls: {
    name: 'job_stalls_total',
    type: 'counter',
    help: 'Jobs found stalled (their worker stopped renewing the lock), by queue and job name.',
    labels: ['queue_name', 'job_name'],
    sources: ['worker'],
  },
  // Outbox (API: the relay runs there)
  outboxPending: {
    name: 'outbox_pending_messages',
    type: 'gauge',
    help: 'Outbox rows written but not yet relayed to the queue.',
    labels: [],
    sources: ['api'],
  },
  outboxOldestAge: {
    name: 'outbox_oldest_pending_age_seconds',
    type: 'gauge',
    help: 'Age of the oldest outbox row not yet relayed; 0 when none is pending.',
    labels: [],
    sources: ['api'],
  },
  // Live connections (API)
  sseStreams: {
    name: 'sse_open_streams',
    type: 'gauge',
    help: 'Server-sent event streams open now.',
    labels: [],
    sources: ['api'],
  },
  graphqlSubscriptions: {
    name: 'graphql_open_subscriptions',
    type: 'gauge',
    help: 'GraphQL subscriptions open now.',
    labels: [],
    sources: ['api'],
  },
} as const satisfies Record<string, MetricDefinition>;

export type MetricKey = keyof typeof METRICS;

/** Names as Prometheus shows them: a histogram adds _bucket, _sum and _count series. */
export function exposedNames(definition: MetricDefinition): string[] {
  if (definition.type !== 'histogram') return [definition.name];
  return ['_bucket', '_sum', '_count'].map((suffix) => definition.name + suffix);
}
