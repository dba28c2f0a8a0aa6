import type { FastifyRequest } from 'fastify';
import type { LiveAccount } from './live-accounts.js';

export type Role = 'user' | 'admin';

/** Who is calling, as established by {@link AuthGuard}. */
export interface Principal {
  userId: string;
  role: Role;
  /** The login session (refresh token family) the access token belongs to. */
  sessionId: string;
  token: string;
  /** The account as read when the request was authenticated (one query per request). */
  account: LiveAccount;
}

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };
