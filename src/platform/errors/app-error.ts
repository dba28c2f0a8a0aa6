/**
 * What kind of failure an error is, independent of transport. REST maps a kind to an HTTP
 * status (see problem-status.ts); GraphQL will map it to `extensions.code`.
 */
export type ErrorKind =
  | 'bad_request'
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'too_large'
  | 'expectation_failed'
  | 'rate_limited'
  | 'unsupported_media_type'
  | 'unavailable';

/** Base class for errors a feature raises on purpose; its message is safe to show a client. */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** Stable, machine-readable code, e.g. `USER_EMAIL_TAKEN`. */
    readonly code: string,
    message: string,
    /** One message per problem, shown to RealWorld clients as `errors.body`. */
    readonly details: string[] = [message],
    /** Response headers that go with the error (e.g. Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Request input failed validation; each entry names a field and what is wrong with it. */
export class InvalidInputError extends AppError {
  constructor(messages: string[]) {
    super('invalid_input', 'INVALID_INPUT', 'The request contains invalid fields.', messages);
  }
}

/** Raised when a dependency the request needs (Postgres, Redis) cannot be reached. */
export class DependencyUnavailableError extends AppError {
  constructor(dependency: string) {
    super('unavailable', 'DEPENDENCY_UNAVAILABLE', `${dependency} is temporarily unavailable.`);
  }
}
