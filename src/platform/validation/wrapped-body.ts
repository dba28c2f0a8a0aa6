import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';

/** RealWorld wraps every request body in a named object: `{"user": {...}}`. */
export const WrappedBody = (type: () => new () => object) =>
  applyDecorators(
    IsDefined({ message: (args) => `${args.property} is required` }),
    IsObject({ message: (args) => `${args.property} must be an object` }),
    ValidateNested(),
    Type(type),
    // Swagger recognises a lazy type by its function being named `type`.
    ApiProperty({ type: () => type() }),
  );
