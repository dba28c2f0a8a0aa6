import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/** The claims this service puts in, and trusts from, an access token. */
export interface AccessTokenClaims {
  sub: string;
}

const ALGORITHM = 'HS256';

/** Signs and verifies access tokens with a pinned algorithm, issuer, audience and expiry. */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.jwt = new JwtService({ secret: config.auth.jwtSecret });
  }

  sign(userId: string): string {
    const { issuer, audience, ttlSeconds } = this.config.auth;
    return this.jwt.sign(
      { sub: userId },
      { algorithm: ALGORITHM, issuer, audience, expiresIn: ttlSeconds },
    );
  }

  /** Returns the claims, or undefined for any token that is malformed, forged, expired or foreign. */
  verify(token: string): AccessTokenClaims | undefined {
    const { issuer, audience } = this.config.auth;
    try {
      const claims = this.jwt.verify<{ sub?: unknown }>(token, {
        algorithms: [ALGORITHM],
        issuer,
        audience,
      });
      return typeof claims.sub === 'string' ? { sub: claims.sub } : undefined;
    } catch {
      return undefined;
    }
  }
}
