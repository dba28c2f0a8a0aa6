import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLArgument, type GraphQLField, getNamedType } from 'graphql';
import { jsonBody } from './encoding.js';
import type { World } from './fixtures.js';
import type { FuzzRequest } from './fuzz-request.js';
import { hostileArg, validArg } from './graphql-arguments.js';
import { hostileSelection, selectionFor } from './graphql-selections.js';
import { hostileTransport } from './graphql-transport.js';
import { HOSTILE_STRINGS } from './hostile-values.js';
import type { Random } from './random.js';
import { schemeVariant } from './tokens.js';

export interface GraphqlField {
  root: 'query' | 'mutation' | 'subscription';
  field: GraphQLField<unknown, unknown>;
}

/** Every field of Query, Mutation and Subscription in schema.graphql. */
export function readGraphqlFields(file = 'schema.graphql'): GraphqlField[] {
  const schema = buildSchema(readFileSync(file, 'utf8'));
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const;
  return roots.flatMap(([root, type]) =>
    Object.values(type?.getFields() ?? {}).map((field) => ({ root, field })),
  );
}

type Strategy = 'valid' | 'args' | 'literal' | 'selection' | 'auth' | 'transport';

/** Fields anyone may use: sent signed in half of the time. */
const ANONYMOUS = new Set([
  'login',
  'register',
  'article',
  'articles',
  'comments',
  'profile',
  'tags',
]);

const isString = (arg: GraphQLArgument) => getNamedType(arg.type).name === 'String';

/**
 * One request to /graphql for the field: valid, or hostile in one respect chosen by the seed.
 * Arguments travel as variables, except the one a `literal` request writes into the document.
 */
export function graphqlRequest(
  target: GraphqlField,
  world: World,
  forged: Record<string, string>,
  random: Random,
): FuzzRequest {
  const { root, field } = target;
  const strategy = random.weighted<Strategy>([
    [3, 'valid'],
    [field.args.length > 0 ? 3 : 0, 'args'],
    [field.args.some(isString) ? 1.5 : 0, 'literal'],
    [2, 'selection'],
    [1.5, 'auth'],
    [2, 'transport'],
  ]);
  const variables: Record<string, unknown> = {};
  const comment = random.pick(world.comments);
  for (const arg of field.args) {
    variables[arg.name] = validArg(field.name, arg, world, comment, random);
  }
  const written = new Map<string, string>();
  let selection = selectionFor(field.type, random, 2);
  let variant: string = strategy;
  if (strategy === 'args') {
    const arg = random.pick(field.args);
    variables[arg.name] = hostileArg(arg.type, variables[arg.name], random);
    if (random.chance(0.15)) delete variables[arg.name]; // declared, but no value
    variant = `args:${arg.name}`;
  } else if (strategy === 'literal') {
    const arg = random.pick(field.args.filter(isString));
    const value = random.pick(HOSTILE_STRINGS);
    // JSON string syntax is GraphQL string syntax, escapes included ("\ud800" is refused).
    written.set(arg.name, random.chance(0.8) ? JSON.stringify(value) : `"""${value}"""`);
    delete variables[arg.name];
    variant = `literal:${arg.name}`;
  } else if (strategy === 'selection') {
    [variant, selection] = hostileSelection(field, selection, random);
  }
  const declared = field.args.filter((a) => !written.has(a.name));
  const definitions = declared.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: ${written.get(a.name) ?? `$${a.name}`}`);
  const query = `${root} Fuzz${definitions ? `(${definitions})` : ''} { ${field.name}${
    args.length > 0 ? `(${args.join(', ')})` : ''
  }${selection} }`;
  const request: FuzzRequest = {
    target: `graphql:${field.name}`,
    variant,
    kind: 'graphql',
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: jsonBody({ query, variables, operationName: 'Fuzz' }),
  };
  if (!ANONYMOUS.has(field.name) || random.chance(0.5)) {
    const account = { updateUser: world.editor, deleteComment: world.reader }[field.name];
    request.headers.authorization = schemeVariant(random, (account ?? world.author).token);
  }
  if (strategy === 'auth') {
    const name = random.pick([...Object.keys(forged), 'deleted', 'revoked']);
    const special: Record<string, string> = {
      deleted: world.deleted.token,
      revoked: world.revokedToken,
    };
    request.headers.authorization = `Bearer ${special[name] ?? forged[name]}`;
    request.variant = `auth:${name}`;
  } else if (strategy === 'transport' || (root === 'subscription' && random.chance(0.5))) {
    // A subscription over HTTP is hostile already; half of them also travel oddly.
    hostileTransport(request, { query, variables }, random);
  }
  return request;
}
