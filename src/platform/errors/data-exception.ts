// SQLSTATE class 22, "data exception": NUL in text (22021), a bad uuid (22P02), an int out of
// range (22003), a string too long (22001)...
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

/**
 * True when Postgres refused a value of the request. Validation is meant to stop such values
 * where they enter; this is the last line of defence behind it.
 */
export function isDataException(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, driverError } = error as { code?: unknown; driverError?: unknown };
  if (typeof code === 'string' && DATA_EXCEPTION.test(code)) return true;
  return driverError !== undefined && isDataException(driverError);
}
