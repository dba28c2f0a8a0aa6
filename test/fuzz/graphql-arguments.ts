import {
  type GraphQLArgument,
  type GraphQLInputType,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
} from 'graphql';
import type { World } from './fixtures.js';
import { HOSTILE_NUMBERS, HOSTILE_STRINGS, POISON_KEYS, WRONG_TYPES } from './hostile-values.js';
import type { Random } from './random.js';
import { withKey } from './schema-values.js';

/** Fields whose valid form edits or deletes an article: they get the scratch articles. */
const SCRATCH = new Set(['updateArticle', 'deleteArticle']);

/**
 * A value the argument accepts, naming real things of the world where it names anything
 * (`comment`: the one a request about a comment names, by slug and id alike).
 */
export function validArg(
  fieldName: string,
  arg: GraphQLArgument,
  world: World,
  comment: World['comments'][number],
  random: Random,
): unknown {
  switch (arg.name) {
    case 'slug':
      if (fieldName === 'deleteComment') return comment.slug;
      return random.pick(SCRATCH.has(fieldName) ? world.scratchArticles : world.articles);
    case 'username':
      return random.pick([world.author, world.reader, world.deleted]).username;
    case 'id':
      return comment.id;
    case 'author':
    case 'favorited':
      return random.chance(0.5) ? world.author.username : null;
    case 'tag':
      return random.chance(0.5) ? 'fuzz' : null;
    case 'limit':
      return random.int(1, 20);
    case 'offset':
      return random.int(0, 5);
    case 'input':
      return validInput(fieldName, world, random);
  }
  return null;
}

function validInput(fieldName: string, world: World, random: Random): Record<string, unknown> {
  const tag = random.string(8, 'abcdefghij0123456789');
  switch (fieldName) {
    case 'login':
      return {
        email: world.reader.email,
        password: random.chance(0.7) ? world.reader.password : 'wrong-password',
      };
    case 'register':
      return { username: `gq${tag}`, email: `gq${tag}@example.com`, password: `pw-${tag}` };
    case 'updateUser':
      return random.pick([
        { bio: `bio ${tag}` },
        { image: `https://example.com/${tag}.png` },
        { username: `ed${tag}` },
      ]);
    case 'addComment':
      return { body: `comment ${tag}` };
    case 'createArticle':
      return { title: `GraphQL ${tag}`, description: 'd', body: 'b', tagList: ['fuzz'] };
    default:
      return { description: `edited ${tag}` };
  }
}

/** A wrong value for the argument, or for one member of its input object. */
export function hostileArg(type: GraphQLInputType, valid: unknown, random: Random): unknown {
  const named = getNamedType(type);
  if (
    isInputObjectType(named) &&
    typeof valid === 'object' &&
    valid !== null &&
    random.chance(0.7)
  ) {
    const copy = { ...(valid as Record<string, unknown>) };
    const keys = Object.keys(named.getFields());
    const key = random.pick(keys);
    return random.weighted<() => unknown>([
      [
        5,
        () => ({
          ...copy,
          [key]: hostileScalar(getNamedType(named.getFields()[key].type).name, random),
        }),
      ],
      [
        1,
        () => {
          delete copy[key];
          return copy;
        },
      ],
      [1, () => ({ ...copy, unknownField: 'x' })],
      [1, () => withKey(copy, random.pick(POISON_KEYS), { polluted: true })],
    ])();
  }
  if (isListType(isNonNullType(type) ? type.ofType : type) && random.chance(0.3)) {
    return Array.from({ length: 50 }, () => hostileScalar(named.name, random));
  }
  return hostileScalar(named.name, random);
}

function hostileScalar(typeName: string, random: Random): unknown {
  if (random.chance(0.2)) return random.pick(WRONG_TYPES);
  if (typeName === 'Int') return random.pick(HOSTILE_NUMBERS);
  if (typeName === 'String') {
    return random.pick([
      ...HOSTILE_STRINGS,
      'x'.repeat(201),
      'x'.repeat(100_001),
      '\u{1f600}'.repeat(200),
      42,
    ]);
  }
  return random.pick(WRONG_TYPES);
}
