// Socket errors and Postgres "server is going away" codes: the dependency, not the request, failed.
const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P03',
  '08006',
  '08001',
  // Cut off by our own limits: statement_timeout, idle_in_transaction_session_timeout.
  '57014',
  '25P03',
]);
const OUTAGE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Connection is closed|Stream isn't writeable|Command timed out/i;

/**
 * True when an error means Postgres or Redis could not be reached, or did not answer within
 * its timeout, so a retry may succeed.
 */
export function isDependencyOutage(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, driverError } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
  };
  if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
  if (typeof message === 'string' && OUTAGE_MESSAGES.test(message)) return true;
  return driverError !== undefined && isDependencyOutage(driverError);
}
