import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import {
  BioField,
  EmailField,
  ImageUrlField,
  OmittableField,
  PasswordField,
  UsernameField,
} from './user-field.decorators.js';
import { WrappedBody } from '../../../platform/validation/wrapped-body.js';

// `null` clears bio and image, as RealWorld clients send it.
const nullToEmpty = Transform(({ value }: { value: unknown }) => (value === null ? '' : value));

@InputType('UpdateUserInput')
export class UpdateUserFields {
  @OmittableField()
  @EmailField()
  @Field(() => String, { nullable: true })
  email?: string;

  @OmittableField()
  @UsernameField()
  @Field(() => String, { nullable: true })
  username?: string;

  @OmittableField()
  @PasswordField()
  @Field(() => String, { nullable: true })
  password?: string;

  @nullToEmpty
  @OmittableField()
  @BioField()
  @Field(() => String, { nullable: true })
  bio?: string;

  @nullToEmpty
  @OmittableField()
  @ImageUrlField()
  @Field(() => String, { nullable: true })
  image?: string;
}

export class UpdateUserDto {
  @WrappedBody(() => UpdateUserFields)
  user: UpdateUserFields;
}
