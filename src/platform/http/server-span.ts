import { trace } from '@opentelemetry/api';

/** Names the HTTP server span after the route template ("GET /api/articles/:slug"), not the URL. */
export function nameServerSpan(method: string, route: string | undefined): void {
  const span = trace.getActiveSpan();
  if (!route || !span?.isRecording()) return;
  span.updateName(`${method} ${route}`);
  span.setAttribute('http.route', route);
}
