import {
  type GraphQLField,
  type GraphQLOutputType,
  getNamedType,
  isLeafType,
  isObjectType,
} from 'graphql';
import type { Random } from './random.js';

/** The scalar fields of the type, and (depth allowing) one level of its object fields. */
export function selectionFor(type: GraphQLOutputType, random: Random, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named) || !isObjectType(named)) return '';
  const parts: string[] = [];
  for (const field of Object.values(named.getFields())) {
    const inner = getNamedType(field.type);
    if (isLeafType(inner)) parts.push(field.name);
    else if (depth > 0 && random.chance(0.5))
      parts.push(`${field.name}${selectionFor(field.type, random, depth - 1)}`);
  }
  return ` { ${parts.join(' ')} }`;
}

/** A selection that breaks a rule: unknown fields, depth, aliases, cycles, directives, syntax. */
export function hostileSelection(
  field: GraphQLField<unknown, unknown>,
  selection: string,
  random: Random,
): [string, string] {
  const named = getNamedType(field.type);
  const objectSelection = selection !== '';
  const deep = () => {
    // Article -> author -> articles -> author ... past GRAPHQL_MAX_DEPTH.
    let inner = '{ username }';
    for (let i = 0; i < 12; i++)
      inner = i % 2 === 0 ? `{ articles(limit: 100) ${inner} }` : `{ author ${inner} }`;
    return named.name === 'Profile'
      ? ` ${inner}`
      : named.name === 'Article'
        ? ` { author ${inner} }`
        : selection;
  };
  const cases: [string, () => string][] = [
    ['unknown-field', () => (objectSelection ? ` { noSuchField }` : ' { x }')],
    ['typename', () => (objectSelection ? ` { __typename }` : '')],
    ['deep', deep],
    [
      'aliases',
      () =>
        objectSelection
          ? ` { ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} }`
          : selection,
    ],
    [
      'fragment-cycle',
      () => ` { ...A } } fragment A on ${named.name} { ...B } fragment B on ${named.name} { ...A `,
    ],
    [
      'bad-directive',
      () => (objectSelection ? ` @skip(if: "yes") { __typename }` : ' @include(if: 1)'),
    ],
    ['introspection', () => `${selection} __schema { types { name fields { name } } }`],
    ['empty-selection', () => ' { }'],
    ['syntax', () => `${selection} {{{`],
  ];
  const [name, make] = random.pick(cases);
  return [`selection:${name}`, make()];
}
