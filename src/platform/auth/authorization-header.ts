// RealWorld specifies "Token <jwt>"; "Bearer <jwt>" is what most HTTP clients send.
const SCHEME = /^(?:Token|Bearer) +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/i;

/** Extracts the JWT from an Authorization header, or undefined when absent or malformed. */
export function tokenFromAuthorizationHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  return SCHEME.exec(header)?.[1];
}
