import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';

const required = IsDefined({ message: '$property is required' });
const trim = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value,
);

/** Usernames appear in URLs (/api/profiles/:username): letters, digits, `_`, `.`, `-`. */
export const UsernameField = () =>
  applyDecorators(
    required,
    trim,
    IsString(),
    MinLength(1, { message: "username can't be blank" }),
    MaxLength(40),
    Matches(/^[\p{L}\p{N}_.-]+$/u, {
      message: 'username may contain only letters, digits, "_", "." and "-"',
    }),
  );

export const EmailField = () =>
  applyDecorators(
    required,
    trim,
    IsString(),
    MaxLength(254),
    IsEmail({}, { message: 'email must be a valid email address' }),
  );

// The upper bound keeps hashing cost bounded; the lower one follows NIST SP 800-63B.
export const PasswordField = () =>
  applyDecorators(required, IsString(), MinLength(8), MaxLength(128));

/** For update DTOs: the field may be left out, but `null` is not a value for it. */
export const OmittableField = () => ValidateIf((_object, value) => value !== undefined);

export const BioField = () => applyDecorators(IsString(), MaxLength(1000));

export const ImageUrlField = () =>
  applyDecorators(
    IsString(),
    MaxLength(2048),
    ValidateIf((_object, value) => value !== ''),
    IsUrl(
      { protocols: ['http', 'https'], require_protocol: true },
      { message: 'image must be an http(s) URL' },
    ),
  );
