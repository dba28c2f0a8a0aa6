import type { FastifyRequest } from 'fastify';

export type Role = 'user' | 'admin';

/** Who is calling, as established by {@link AuthGuard}. */
export interface Principal {
  userId: string;
  role: Role;
  /** The login session (refresh token family) the access token belongs to. */
  sessionId: string;
  token: string;
}

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };
