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

export class UpdateUserFields {
  @OmittableField()
  @EmailField()
  email?: string;

  @OmittableField()
  @UsernameField()
  username?: string;

  @OmittableField()
  @PasswordField()
  password?: string;

  @nullToEmpty
  @OmittableField()
  @BioField()
  bio?: string;

  @nullToEmpty
  @OmittableField()
  @ImageUrlField()
  image?: string;
}

export class UpdateUserDto {
  @WrappedBody(() => UpdateUserFields)
  user: UpdateUserFields;
}
