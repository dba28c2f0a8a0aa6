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
