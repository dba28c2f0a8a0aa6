import { AppError } from '../errors/app-error.js';

export class IdempotencyError extends AppError {
  static keyReused(): IdempotencyError {
    return new IdempotencyError(
      'invalid_input',
      'IDEMPOTENCY_KEY_REUSED',
      'this Idempotency-Key was already used for a different request',
    );
  }

  static invalidKey(): IdempotencyError {
    return new IdempotencyError(
      'invalid_input',
      'IDEMPOTENCY_KEY_INVALID',
      'Idempotency-Key must be 1 to 255 visible ASCII characters',
    );
  }
}
