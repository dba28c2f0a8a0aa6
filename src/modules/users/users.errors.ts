import { AppError } from '../../platform/errors/app-error.js';

export enum UserErrorCode {
  EmailTaken = 'USER_EMAIL_TAKEN',
  UsernameTaken = 'USER_USERNAME_TAKEN',
  EmailAndUsernameTaken = 'USER_EMAIL_AND_USERNAME_TAKEN',
  InvalidCredentials = 'USER_INVALID_CREDENTIALS',
  AccountGone = 'USER_ACCOUNT_GONE',
  RefreshTokenInvalid = 'REFRESH_TOKEN_INVALID',
  RefreshTokenReused = 'REFRESH_TOKEN_REUSED',
}

/** Errors the users feature raises on purpose; their messages are safe to show. */
export class UserError extends AppError {
  static emailTaken(): UserError {
    return new UserError('invalid_input', UserErrorCode.EmailTaken, 'email has already been taken');
  }

  static usernameTaken(): UserError {
    return new UserError(
      'invalid_input',
      UserErrorCode.UsernameTaken,
      'username has already been taken',
    );
  }

  /** Both email and username are in use. */
  static taken(messages: string[]): UserError {
    return new UserError(
      'invalid_input',
      UserErrorCode.EmailAndUsernameTaken,
      messages.join('; '),
      messages,
    );
  }

  /** Same answer for an unknown email and a wrong password, so accounts cannot be enumerated. */
  static invalidCredentials(): UserError {
    return new UserError(
      'unauthenticated',
      UserErrorCode.InvalidCredentials,
      'email or password is invalid',
    );
  }

  /** A valid token whose account no longer exists. */
  static accountGone(): UserError {
    return new UserError(
      'unauthenticated',
      UserErrorCode.AccountGone,
      'this account no longer exists',
    );
  }

  /** Unknown, expired, revoked, or not a refresh token at all. */
  static refreshTokenInvalid(): UserError {
    return new UserError(
      'unauthenticated',
      UserErrorCode.RefreshTokenInvalid,
      'the refresh token is invalid or expired; log in again',
    );
  }

  /** A used token presented again: the session is revoked, as the token may have leaked. */
  static refreshTokenReused(): UserError {
    return new UserError(
      'unauthenticated',
      UserErrorCode.RefreshTokenReused,
      'this refresh token was already used; the session has been ended, log in again',
    );
  }
}
