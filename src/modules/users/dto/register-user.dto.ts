import { EmailField, PasswordField, UsernameField } from './user-field.decorators.js';
import { WrappedBody } from '../../../platform/validation/wrapped-body.js';

export class RegisterUserFields {
  @UsernameField()
  username: string;

  @EmailField()
  email: string;

  @PasswordField()
  password: string;
}

export class RegisterUserDto {
  @WrappedBody(() => RegisterUserFields)
  user: RegisterUserFields;
}
