import {
  HOSTILE_NUMBERS,
  HOSTILE_STRINGS,
  POISON_KEYS,
  UNICODE_EDGE_CASES,
  WRONG_TYPES,
} from './hostile-values.js';
import type { JsonSchema } from './openapi-operations.js';
import type { Random } from './random.js';

/** Real values by property name (an existing user's email, a live refresh token...). */
export type Hints = Record<string, () => unknown>;

const SAFE = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A value the schema accepts: within every length, range, pattern and format it states. */
export function validValue(
  schema: JsonSchema,
  random: Random,
  hints: Hints = {},
  name = '',
): unknown {
  const hint = hints[name];
  if (hint && random.chance(0.7)) return hint();
  if (schema.enum) return random.pick(schema.enum);
  switch (schema.type) {
    case 'string':
      return validString(schema, random);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? 0;
      return random.int(min, Math.min(schema.maximum ?? min + 100, min + 100));
    }
    case 'boolean':
      return random.chance(0.5);
    case 'array': {
      const count = random.int(0, Math.min(schema.maxItems ?? 3, 3));
      return Array.from({ length: count }, () => validValue(schema.items ?? {}, random));
    }
    case 'object':
    case undefined: {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || random.chance(0.5)) {
          out[key] = validValue(property, random, hints, key);
        }
      }
      return out;
    }
    default:
      return null;
  }
}

function validString(schema: JsonSchema, random: Random): string {
  const tag = random.string(8, SAFE);
  if (schema.format === 'email') return `fz${tag}@example.com`;
  if (schema.format === 'uri') return `https://example.com/${tag}.png`;
  const min = Math.max(schema.minLength ?? 1, 1);
  const max = Math.min(schema.maxLength ?? 24, Math.max(min, 24));
  // Letters and digits satisfy every pattern the document states (names, tags).
  return random.string(random.int(min, max), SAFE);
}

/** A value this one location should refuse, or that probes its limits. */
export function hostileValue(schema: JsonSchema, random: Random): unknown {
  if (random.chance(0.15)) return random.pick(WRONG_TYPES);
  switch (schema.type) {
    case 'string':
      return hostileString(schema, random);
    case 'integer':
    case 'number':
      return hostileNumber(schema, random);
    case 'array':
      return hostileArray(schema, random);
    case 'boolean':
      return random.pick(['true', 1, 0, 'yes', null]);
    default:
      return hostileObject(schema, random);
  }
}

function hostileString(schema: JsonSchema, random: Random): unknown {
  const max = schema.maxLength ?? 200;
  const min = schema.minLength ?? 0;
  return random.weighted<() => unknown>([
    [4, () => random.pick(HOSTILE_STRINGS)],
    [2, () => 'x'.repeat(max)], // at the limit
    [2, () => 'x'.repeat(max + 1)], // one past it
    [1, () => '\u{1f600}'.repeat(max)], // at the limit in code points, twice it in UTF-16
    [1, () => 'e\u0301'.repeat(Math.ceil(max / 2))], // as many characters, fewer once normalised
    [1, () => (min > 0 ? 'x'.repeat(min - 1) : ' '.repeat(3))], // below the minimum, or blank
    [1, () => `${random.pick(UNICODE_EDGE_CASES)}${'y'.repeat(random.int(0, max))}`],
    [1, () => random.pick(HOSTILE_NUMBERS)],
    [1, () => formatBreaker(schema, random)],
  ])();
}

/** Values that look like the format or pattern but are not. */
function formatBreaker(schema: JsonSchema, random: Random): string {
  if (schema.format === 'email') {
    return random.pick([
      'a@',
      '@b.c',
      'a@b@c.d',
      'a@\ud800.com',
      '\ud800@example.com',
      'user@例子.广告',
      'a\u0000@b.c',
      `${'a'.repeat(250)}@b.cd`,
      '"quoted local"@example.com',
      'a@[127.0.0.1]',
    ]);
  }
  if (schema.format === 'uri') {
    return random.pick([
      'javascript:alert(1)',
      'http://',
      'file:///etc/passwd',
      'data:text/html,<b>x</b>',
      'https://\ud800.example',
      `https://example.com/${'a'.repeat(3000)}`,
    ]);
  }
  return random.pick(['a,b', 'has space', 'tab\there', 'new\nline', '\u0085', 'a\u200bb']);
}

function hostileNumber(schema: JsonSchema, random: Random): unknown {
  const edges: unknown[] = [...HOSTILE_NUMBERS];
  if (schema.minimum !== undefined) edges.push(schema.minimum - 1, schema.minimum);
  if (schema.maximum !== undefined) edges.push(schema.maximum, schema.maximum + 1);
  return random.pick(edges);
}

function hostileArray(schema: JsonSchema, random: Random): unknown {
  const item = schema.items ?? {};
  const past = (schema.maxItems ?? 10) + 1;
  return random.weighted<() => unknown>([
    [2, () => Array.from({ length: past }, (_, i) => `item${i}`)],
    [2, () => [hostileValue(item, random)]],
    [1, () => Array.from({ length: 1_001 }, () => 'x')],
    [1, () => [null]],
    [1, () => 'not-an-array'],
    [1, () => ({ 0: 'a', length: 1 })],
    [1, () => [['nested']]],
  ])();
}

function hostileObject(schema: JsonSchema, random: Random): unknown {
  return random.weighted<() => unknown>([
    [2, () => random.pick(WRONG_TYPES)],
    [2, () => withKey({}, random.pick(POISON_KEYS), { role: 'admin', polluted: true })],
    [1, () => deepObject(random.int(15, 40))],
    [1, () => Object.fromEntries(Array.from({ length: 1_200 }, (_, i) => [`k${i}`, i]))],
    [1, () => ({ ...(validValue(schema, random) as object), unexpected: 'extra member' })],
  ])();
}

/**
 * Replaces one location of a valid value (a member, an item, or the whole) with a hostile one,
 * or drops a required member, or adds a prototype-poisoning key: the rest stays valid, so the
 * request gets past the checks that the hostile part does not concern.
 */
export function mutate(schema: JsonSchema, value: unknown, random: Random): unknown {
  const properties = schema.properties ?? {};
  const keys = Object.keys(properties);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || keys.length === 0) {
    return hostileValue(schema, random);
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  return random.weighted<() => unknown>([
    [
      8,
      () => {
        const key = random.pick(keys);
        copy[key] = mutate(
          properties[key],
          copy[key] ?? validValue(properties[key], random),
          random,
        );
        return copy;
      },
    ],
    [
      1,
      () => {
        const required = schema.required ?? [];
        if (required.length > 0) delete copy[random.pick(required)];
        return copy;
      },
    ],
    [1, () => withKey(copy, random.pick(POISON_KEYS), { role: 'admin', isAdmin: true })],
    [1, () => hostileValue(schema, random)],
  ])();
}

/** Sets a key as an own, enumerable member, even `__proto__` (so JSON.stringify sends it). */
export function withKey(target: object, key: string, value: unknown): object {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    configurable: true,
    writable: true,
  });
  return target;
}

export function deepObject(depth: number): unknown {
  let node: unknown = { leaf: true };
  for (let i = 0; i < depth; i++) node = { a: node };
  return node;
}
