import type { FastifyRequest } from 'fastify';

/** Who is calling, as established by {@link AuthGuard}. */
export interface Principal {
  userId: string;
  token: string;
}

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };
