import { Field, InputType } from '@nestjs/graphql';
import { EmailField, PasswordField, UsernameField } from './user-field.decorators.js';
import { WrappedBody } from '../../../platform/validation/wrapped-body.js';

@InputType('RegisterInput')
export class RegisterUserFields {
  @UsernameField()
  @Field(() => String)
  username: string;

  @EmailField()
  @Field(() => String)
  email: string;

  @PasswordField()
  @Field(() => String)
  password: string;
}

export class RegisterUserDto {
  @WrappedBody(() => RegisterUserFields)
  user: RegisterUserFields;
}
