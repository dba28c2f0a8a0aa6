import { IsString, MaxLength, MinLength } from 'class-validator';
import { EmailField } from './user-field.decorators.js';
import { WrappedBody } from '../../../platform/validation/wrapped-body.js';

export class LoginUserFields {
  @EmailField()
  email: string;

  // No minimum beyond "present": a login must not reveal the password policy of the day.
  @IsString()
  @MinLength(1, { message: "password can't be blank" })
  @MaxLength(128)
  password: string;
}

export class LoginUserDto {
  @WrappedBody(() => LoginUserFields)
  user: LoginUserFields;
}
