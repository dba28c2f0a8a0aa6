import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';

const trim = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value,
);

/** A required, trimmed, non-blank string of at most `max` characters. */
export const RequiredText = (max: number) =>
  applyDecorators(
    IsDefined({ message: '$property is required' }),
    // Lengths reach the OpenAPI document from the validators (platform/openapi/dto-constraints.ts).
    ApiProperty({ type: String, description: 'Trimmed; must not be blank.' }),
    trim,
    IsString(),
    MinLength(1, { message: "$property can't be blank" }),
    MaxLength(max),
  );

/** Like {@link RequiredText} but may be left out of an update (null is still refused). */
export const OptionalText = (max: number) =>
  applyDecorators(
    ValidateIf((_object, value) => value !== undefined),
    ApiProperty({
      type: String,
      required: false,
      description: 'Trimmed; must not be blank or null.',
    }),
    trim,
    IsString(),
    MinLength(1, { message: "$property can't be blank" }),
    MaxLength(max),
  );
