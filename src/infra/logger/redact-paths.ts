/**
 * Log paths whose values are replaced before a line is written. Credentials can appear in
 * request headers, in bodies logged on error, and in objects handed to the logger.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  // TypeORM's QueryFailedError carries the bound values: emails, password hashes.
  'err.parameters',
  ...['password', 'passwordHash', 'token', 'accessToken', 'refreshToken', 'secret'].flatMap(
    (field) => [field, `*.${field}`, `*.*.${field}`],
  ),
];
