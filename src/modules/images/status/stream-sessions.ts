import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createDecoder } from 'fast-jwt';
import { Subject } from 'rxjs';
import type { DataSource } from 'typeorm';
import { Metrics } from '../../../infra/metrics/metrics.js';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import type { Principal } from '../../../platform/auth/authenticated-request.js';
import { SessionRevocations } from '../../../platform/auth/session-revocations.js';
import { ImageError } from '../images.errors.js';

/** How often Redis is asked whether the sessions of open streams were revoked. */
const REVOCATION_CHECK_MS = 2_000;

/** One open event stream, held for its whole life. */
export interface StreamHandle {
  /** Emits once when the stream must end: its session ended, or its access token expired. */
  readonly ended: Subject<void>;
  /** Frees the stream's place; call when it ends for any reason. Idempotent. */
  release(): void;
}

interface OpenStream extends StreamHandle {
  userId: string;
  sessionId: string;
  expiresAt: number;
}

/**
 * The event streams open on this instance, by user and login session: at most
 * SSE_MAX_STREAMS_PER_USER per user, and none outlives its session or its access token.
 *
 * Checks are per instance, not per stream, so they cost the same for one stream as for a
 * thousand: every 2 s one Redis pipeline (sessions revoked by logout or refresh-token reuse),
 * and every SSE_SESSION_CHECK_MS one Postgres query (sessions gone with their account, or
 * revoked while Redis was down), which while Redis is unreachable runs every 2 s instead.
 */
@Injectable()
export class StreamSessions implements OnModuleDestroy {
  private readonly open = new Set<OpenStream>();
  private timer?: NodeJS.Timeout;
  private checking = false;
  private lastDatabaseCheck = 0;

  constructor(
    private readonly revocations: SessionRevocations,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    metrics.onCollect(() => metrics.gauge('sseStreams').set(this.open.size));
  }

  /** Takes a place for a new stream of `principal`, or throws 429 when the user has none left. */
  reserve(principal: Principal): StreamHandle {
    const { maxPerUser } = this.config.images.streams;
    if (this.countFor(principal.userId) >= maxPerUser) throw ImageError.tooManyStreams(maxPerUser);
    const stream: OpenStream = {
      userId: principal.userId,
      sessionId: principal.sessionId,
      expiresAt: expiryOf(principal.token),
      ended: new Subject<void>(),
      release: () => {
        this.open.delete(stream);
        if (this.open.size === 0) this.stopChecking();
      },
    };
    this.open.add(stream);
    this.startChecking();
    return stream;
  }

  /** Streams this user holds open on this instance. */
  countFor(userId: string): number {
    let held = 0;
    for (const stream of this.open) if (stream.userId === userId) held++;
    return held;
  }

  onModuleDestroy(): void {
    this.stopChecking();
  }

  private startChecking(): void {
    if (this.timer) return;
    this.lastDatabaseCheck = Date.now();
    this.timer = setInterval(() => void this.check(), REVOCATION_CHECK_MS);
    this.timer.unref();
  }

  private stopChecking(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async check(): Promise<void> {
    if (this.checking || this.open.size === 0) return;
    this.checking = true;
    try {
      const now = Date.now();
      for (const stream of this.open) if (stream.expiresAt <= now) this.end(stream);
      const sessionIds = [...new Set([...this.open].map((stream) => stream.sessionId))];
      const revoked = await this.revocations.whichRevoked(sessionIds);
      let ended = revoked ?? new Set<string>();
      const databaseDue = now - this.lastDatabaseCheck >= this.config.images.streams.sessionCheckMs;
      if (revoked === undefined || databaseDue) {
        this.lastDatabaseCheck = now;
        const live = await this.liveSessions(sessionIds);
        if (live) ended = new Set([...ended, ...sessionIds.filter((id) => !live.has(id))]);
      }
      for (const stream of this.open) if (ended.has(stream.sessionId)) this.end(stream);
    } finally {
      this.checking = false;
    }
  }

  /**
   * Sessions that still have a usable refresh token: logout and reuse revoke the family, and
   * deleting an account deletes its tokens. Undefined when Postgres cannot answer (streams go on).
   */
  private async liveSessions(sessionIds: string[]): Promise<Set<string> | undefined> {
    try {
      const rows: { family_id: string }[] = await this.dataSource.query(
        `SELECT DISTINCT family_id FROM refresh_tokens
         WHERE family_id = ANY($1::uuid[]) AND revoked_at IS NULL AND expires_at > now()`,
        [sessionIds],
      );
      return new Set(rows.map((row) => row.family_id));
    } catch {
      return undefined;
    }
  }

  private end(stream: OpenStream): void {
    stream.release();
    stream.ended.next();
    stream.ended.complete();
  }
}

const decode = createDecoder() as (token: string) => { exp?: unknown };

/** When the stream's access token expires (ms); the guard has verified it, so `exp` is there. */
function expiryOf(token: string): number {
  const exp = decode(token).exp;
  return typeof exp === 'number' ? exp * 1000 : Number.POSITIVE_INFINITY;
}
