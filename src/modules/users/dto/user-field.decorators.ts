import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { normalizeUsername, usernameProblem } from './username-rules.js';

// The OpenAPI document takes lengths and patterns from the validators themselves.
const required = applyDecorators(
  IsDefined({ message: '$property is required' }),
  ApiProperty({ type: String }),
);
const trim = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value,
);

const normalizeName = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? normalizeUsername(value) : value,
);

/** No name that passes for another: see username-rules.ts. */
const NotConfusable = () =>
  ValidateBy({
    name: 'notConfusable',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !usernameProblem(value),
      defaultMessage: (args) => usernameProblem(String(args?.value)) ?? 'username is refused',
    },
  });

/**
 * Usernames appear in URLs (/api/profiles/:username): letters, digits, `_`, `.`, `-`, in NFKC
 * form, with a letter or digit, and in one script (username-rules.ts).
 */
export const UsernameField = () =>
  applyDecorators(
    required,
    normalizeName,
    IsString(),
    MinLength(1, { message: "username can't be blank" }),
    MaxLength(40),
    Matches(/^[\p{L}\p{N}_.-]+$/u, {
      message: 'username may contain only letters, digits, "_", "." and "-"',
    }),
    NotConfusable(),
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
  applyDecorators(
    required,
    ApiProperty({ format: 'password' }),
    IsString(),
    MinLength(8),
    MaxLength(128),
  );

/** For update DTOs: the field may be left out, but `null` is not a value for it. */
export const OmittableField = () =>
  applyDecorators(
    ValidateIf((_object, value) => value !== undefined),
    ApiProperty({ required: false }),
  );

export const BioField = () =>
  applyDecorators(ApiProperty({ type: String, nullable: true }), IsString(), MaxLength(1000));

export const ImageUrlField = () =>
  applyDecorators(
    ApiProperty({
      type: String,
      nullable: true,
      description: 'An http(s) URL, or empty/null to clear.',
    }),
    IsString(),
    MaxLength(2048),
    ValidateIf((_object, value) => value !== ''),
    IsUrl(
      { protocols: ['http', 'https'], require_protocol: true },
      { message: 'image must be an http(s) URL' },
    ),
  );
