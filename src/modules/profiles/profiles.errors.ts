import { AppError } from '../../platform/errors/app-error.js';

export enum ProfileErrorCode {
  NotFound = 'PROFILE_NOT_FOUND',
  SelfFollow = 'PROFILE_SELF_FOLLOW',
}

export class ProfileError extends AppError {
  static notFound(username: string): ProfileError {
    return new ProfileError(
      'not_found',
      ProfileErrorCode.NotFound,
      `profile "${username}" not found`,
    );
  }

  static selfFollow(): ProfileError {
    return new ProfileError(
      'invalid_input',
      ProfileErrorCode.SelfFollow,
      'you cannot follow yourself',
    );
  }
}
