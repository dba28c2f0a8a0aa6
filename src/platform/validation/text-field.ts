import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, MaxLength, MinLength, ValidateBy, ValidateIf } from 'class-validator';

const trim = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value,
);

// Control characters other than tab and line breaks have no place in a title or a text.
const CONTROL = /[^\P{Cc}\t\n\r]/u;
const noControlCharacters = ValidateBy(
  {
    name: 'noControlCharacters',
    validator: { validate: (value) => typeof value !== 'string' || !CONTROL.test(value) },
  },
  { message: '$property must not contain control characters' },
);

/** A required, trimmed, non-blank string of at most `max` characters, without control characters. */
export const RequiredText = (max: number) =>
  applyDecorators(
    IsDefined({ message: '$property is required' }),
    // Lengths reach the OpenAPI document from the validators (platform/openapi/dto-constraints.ts).
    ApiProperty({
      type: String,
      description: 'Trimmed; must not be blank or hold control characters other than tab, CR, LF.',
    }),
    trim,
    IsString(),
    MinLength(1, { message: "$property can't be blank" }),
    MaxLength(max),
    noControlCharacters,
  );

/** Like {@link RequiredText} but may be left out of an update (null is still refused). */
export const OptionalText = (max: number) =>
  applyDecorators(
    ValidateIf((_object, value) => value !== undefined),
    ApiProperty({
      type: String,
      required: false,
      description:
        'Trimmed; must not be blank, null, or hold control characters other than tab, CR, LF.',
    }),
    trim,
    IsString(),
    MinLength(1, { message: "$property can't be blank" }),
    MaxLength(max),
    noControlCharacters,
  );
