import { Field, InputType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { EmailField } from './user-field.decorators.js';
import { WrappedBody } from '../../../platform/validation/wrapped-body.js';

@InputType('LoginInput')
export class LoginUserFields {
  @EmailField()
  @Field(() => String)
  email: string;

  // No minimum beyond "present": a login must not reveal the password policy of the day.
  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1, { message: "password can't be blank" })
  @MaxLength(128)
  @Field(() => String)
  password: string;
}

export class LoginUserDto {
  @WrappedBody(() => LoginUserFields)
  user: LoginUserFields;
}
