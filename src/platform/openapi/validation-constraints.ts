import type { SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

/** What class-validator enforces on one property, as JSON Schema keywords. */
export interface PropertyConstraints {
  schema: SchemaObject;
  /** For `{ each: true }` rules: what each array item must satisfy. */
  items: SchemaObject;
}

type Constraint = unknown[] | undefined;

// class-validator rule name -> the JSON Schema keywords that state the same rule.
const KEYWORDS: Record<string, (constraints: Constraint) => SchemaObject> = {
  minLength: (c) => ({ minLength: c?.[0] as number }),
  maxLength: (c) => ({ maxLength: c?.[0] as number }),
  length: (c) => ({ minLength: c?.[0] as number, maxLength: c?.[1] as number }),
  min: (c) => ({ minimum: c?.[0] as number }),
  max: (c) => ({ maximum: c?.[0] as number }),
  isInt: () => ({ type: 'integer' }),
  isString: () => ({ type: 'string' }),
  isEmail: () => ({ format: 'email' }),
  isUrl: () => ({ format: 'uri' }),
  isUUID: () => ({ format: 'uuid' }),
  isIn: (c) => ({ enum: c?.[0] as unknown[] }),
  matches: (c) => ({ pattern: (c?.[0] as RegExp).source }),
  arrayMaxSize: (c) => ({ maxItems: c?.[0] as number }),
  arrayMinSize: (c) => ({ minItems: c?.[0] as number }),
};

/**
 * The limits a DTO's validation decorators enforce, read from class-validator's own metadata:
 * the OpenAPI document states them because the DTO does, and cannot disagree with it.
 */
export function validationConstraints(target: new () => object): Map<string, PropertyConstraints> {
  const rules = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const byProperty = new Map<string, PropertyConstraints>();
  for (const rule of rules) {
    const keywords = rule.name ? KEYWORDS[rule.name]?.(rule.constraints as Constraint) : undefined;
    if (!keywords) continue;
    const entry = byProperty.get(rule.propertyName) ?? { schema: {}, items: {} };
    Object.assign(rule.each ? entry.items : entry.schema, keywords);
    byProperty.set(rule.propertyName, entry);
  }
  return byProperty;
}
