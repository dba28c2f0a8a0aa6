import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { invalidCharacters, isStorableText } from '../validation/text-input.js';
import { InvalidInputError } from './app-error.js';

// class-validator messages already start with the field name ("email must be an email").
function messagesOf(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}),
    ...messagesOf(error.children ?? []),
  ]);
}

/**
 * Plain string arguments (path parameters, GraphQL `slug: String!`) skip DTO validation: those
 * with a NUL or an unpaired surrogate stop here. Over HTTP they were refused earlier; this also
 * covers GraphQL subscriptions, whose WebSocket variables no HTTP hook sees.
 */
class ConduitValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (typeof value === 'string' && !isStorableText(value)) {
      throw invalidCharacters(`The argument ${metadata.data ?? ''}`.trimEnd());
    }
    return super.transform(value, metadata);
  }
}

/**
 * DTO validation for every route: unknown properties are stripped (no mass assignment),
 * and failures become one 422 with a message per problem.
 */
export function createValidationPipe(): ValidationPipe {
  return new ConduitValidationPipe({
    whitelist: true,
    transform: true,
    forbidUnknownValues: true,
    // One message per field: the first rule it breaks.
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidInputError(messagesOf(errors)),
  });
}
