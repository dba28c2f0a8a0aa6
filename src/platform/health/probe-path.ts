/**
 * Whether a request path is one of the orchestrator's probes (`/health/live`, `/health/ready`,
 * ...). Probes arrive every few seconds from the platform, not from clients: they are not
 * rate limited, logged or traced.
 */
export function isProbePath(url: string): boolean {
  return url.startsWith('/health/');
}
