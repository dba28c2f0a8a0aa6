import { Transform } from 'class-transformer';

/**
 * An optional parameter sent as null (GraphQL `limit: null`) or empty (`?limit=`) takes its
 * default. `@IsOptional()` alone lets null through, past `@Min`/`@Max`, into the handler.
 */
export const DefaultWhenEmpty = (fallback: unknown) =>
  Transform(({ value, obj, key }: { value: unknown; obj: Record<string, unknown>; key: string }) =>
    obj[key] === null || obj[key] === '' ? fallback : value,
  );
