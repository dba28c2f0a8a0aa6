import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import type { onSubscriptionEndHookHandler, preSubscriptionParsingHookHandler } from 'mercurius';
import type { WebSocket } from 'ws';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { AppError } from '../../errors/app-error.js';
import { globalRateRule } from '../../rate-limit/global-rate-limit.js';
import { Metrics } from '../../../infra/metrics/metrics.js';
import { RateLimitedError } from '../../rate-limit/rate-limited.error.js';
import { RateLimiter } from '../../rate-limit/rate-limiter.js';
import { subscriptionError } from '../graphql-subscriptions.js';
import { CLOSE_SUBSCRIBER_EXISTS, CLOSE_TOO_MANY_CONNECTIONS } from './close-codes.js';
import { onOperationEnded } from './operation-ends.js';

/** One open WebSocket: whose it is, and the operation ids it holds a slot for. */
interface LiveConnection {
  client: string;
  socket: WebSocket;
  operations: Set<string>;
}

/** Mercurius gives every subscription hook a context holding the connection's upgrade request. */
const upgradeRequestOf = (context: unknown) =>
  (context as { request?: FastifyRequest } | null)?.request;

/**
 * What one client may hold over WebSocket: connections per client address, subscriptions per
 * connection, and `subscribe` messages, which draw on the same per-address budget in Redis as
 * HTTP requests. Connections are counted by this instance (a crashed instance's connections are
 * gone with it, so a shared counter could only drift).
 */
@Injectable()
export class WebSocketLimits {
  private readonly openPerClient = new Map<string, number>();
  /** By upgrade request: Mercurius passes the same request to every hook of a connection. */
  private readonly connections = new WeakMap<FastifyRequest, LiveConnection>();
  /** Every open connection, to count their subscriptions when metrics are scraped. */
  private readonly live = new Set<LiveConnection>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
    metrics: Metrics,
  ) {
    metrics.onCollect(() => metrics.gauge('graphqlSubscriptions').set(this.openSubscriptions()));
  }

  /**
   * A new connection, before Mercurius sees it. Over the client's quota it is closed at once with
   * 4429 and a reason: graphql-ws clients treat 4429 as fatal, so a client does not reconnect in
   * a loop against a quota it already fills.
   */
  open(socket: WebSocket, request: FastifyRequest): boolean {
    const client = this.limiter.clientKey(request.ip);
    const open = this.openPerClient.get(client) ?? 0;
    if (open >= this.config.graphql.maxConnectionsPerClient) {
      socket.close(CLOSE_TOO_MANY_CONNECTIONS, 'Too many connections from this client address');
      return false;
    }
    this.openPerClient.set(client, open + 1);
    const connection: LiveConnection = { client, socket, operations: new Set() };
    this.connections.set(request, connection);
    this.live.add(connection);
    // An operation the server ends (an error, a completed stream) frees its slot.
    onOperationEnded(socket, (id) => connection.operations.delete(id));
    socket.once('close', () => {
      this.live.delete(connection);
      const left = (this.openPerClient.get(client) ?? 1) - 1;
      if (left > 0) this.openPerClient.set(client, left);
      else this.openPerClient.delete(client);
    });
    return true;
  }

  /**
   * Mercurius' `preSubscriptionParsing` hook: runs for each subscription before Mercurius files it
   * under its id, validates it or runs its resolver (the database, Redis). A refusal is the
   * protocol's `error` message for that id; the connection and its other subscriptions go on.
   */
  readonly admit: preSubscriptionParsingHookHandler = async (_schema, _source, context, id) => {
    const request = upgradeRequestOf(context);
    const connection = request && this.connections.get(request);
    // Not opened through open() (cannot happen on the WebSocket route), or closed meanwhile.
    if (!connection || connection.socket.readyState !== connection.socket.OPEN) {
      throw subscriptionError(new AppError('bad_request', 'CONNECTION_CLOSED', 'closed'));
    }
    const key = String(id);
    if (connection.operations.has(key)) {
      // The protocol's answer; answering the id with an error would end the running subscription.
      connection.socket.close(CLOSE_SUBSCRIBER_EXISTS, `Subscriber for ${key} already exists`);
      throw subscriptionError(new AppError('bad_request', 'SUBSCRIBER_EXISTS', 'duplicate id'));
    }
    // The slot is taken before waiting on Redis: a burst of messages must not all see a free slot.
    const max = this.config.graphql.maxSubscriptionsPerConnection;
    const full = connection.operations.size >= max;
    if (!full) connection.operations.add(key);
    if (this.config.rateLimit.enabled) {
      const decision = await this.limiter.hit(
        globalRateRule(this.config.rateLimit),
        connection.client,
      );
      if (!decision.allowed) {
        if (!full) connection.operations.delete(key);
        const refusal = new RateLimitedError(decision);
        // No headers over WebSocket: Retry-After travels in the error.
        const error = subscriptionError(refusal);
        throw new GraphQLError(error.message, {
          extensions: { ...error.extensions, retryAfter: Number(refusal.headers['retry-after']) },
        });
      }
    }
    if (full) {
      throw subscriptionError(
        new AppError(
          'bad_request',
          'TOO_MANY_SUBSCRIPTIONS',
          `at most ${max} subscriptions may be open on one connection; complete one first`,
        ),
      );
    }
  };

  /** Mercurius' `onSubscriptionEnd` hook: the client completed an operation. */
  readonly release: onSubscriptionEndHookHandler = (context, id) => {
    // Mercurius passes null when the client completes before it started any subscription.
    const request = upgradeRequestOf(context);
    const connection = request && this.connections.get(request);
    connection?.operations.delete(String(id));
  };

  /** Subscriptions open (or being admitted) on this instance. */
  openSubscriptions(): number {
    let open = 0;
    for (const connection of this.live) open += connection.operations.size;
    return open;
  }

  /** Connections open from one client address on this instance (for tests and metrics). */
  openConnections(client: string): number {
    return this.openPerClient.get(client) ?? 0;
  }
}
