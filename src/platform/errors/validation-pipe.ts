import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { InvalidInputError } from './app-error.js';

// class-validator messages already start with the field name ("email must be an email").
function messagesOf(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}),
    ...messagesOf(error.children ?? []),
  ]);
}

/**
 * DTO validation for every route: unknown properties are stripped (no mass assignment),
 * and failures become one 422 with a message per problem.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    transform: true,
    forbidUnknownValues: true,
    // One message per field: the first rule it breaks.
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidInputError(messagesOf(errors)),
  });
}
