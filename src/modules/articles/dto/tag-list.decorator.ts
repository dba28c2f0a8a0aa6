import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';

export const MAX_TAGS = 10;

// Trimmed and de-duplicated. Responses list tags alphabetically, as RealWorld clients expect.
const normalize = Transform(({ value }: { value: unknown }) =>
  Array.isArray(value)
    ? [...new Set((value as unknown[]).map((tag) => (typeof tag === 'string' ? tag.trim() : tag)))]
    : value,
);

/** An optional list of up to ten tags of 1 to 40 printable characters. */
export const TagListField = () =>
  applyDecorators(
    ValidateIf((_object, value) => value !== undefined),
    ApiProperty({ type: [String], required: false, description: 'Trimmed, duplicates dropped.' }),
    normalize,
    IsArray({ message: 'tagList must be an array of strings' }),
    ArrayMaxSize(MAX_TAGS),
    IsString({ each: true, message: 'each tag must be a string' }),
    MinLength(1, { each: true, message: "a tag can't be blank" }),
    MaxLength(40, { each: true, message: 'each tag must be at most 40 characters' }),
    Matches(/^[^\p{C},]+$/u, {
      each: true,
      message: 'tags may not contain commas or control characters',
    }),
  );
