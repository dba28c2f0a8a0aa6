import { AppError } from '../errors/app-error.js';

export class AuthenticationRequiredError extends AppError {
  constructor() {
    super(
      'unauthenticated',
      'AUTHENTICATION_REQUIRED',
      'A valid token is required: send "Authorization: Token <jwt>".',
    );
  }
}

/** A valid token whose account no longer exists (the same code the users feature uses). */
export class AccountGoneError extends AppError {
  constructor() {
    super('unauthenticated', 'USER_ACCOUNT_GONE', 'this account no longer exists');
  }
}
