import { asText, jsonBody, percentEncode } from './encoding.js';
import type { Account, World } from './fixtures.js';
import type { FuzzRequest } from './fuzz-request.js';
import { imageUpload } from './multipart-bodies.js';
import type { Operation, Parameter } from './openapi-operations.js';
import type { Random } from './random.js';
import { type Hints, validValue } from './schema-values.js';
import { schemeVariant } from './tokens.js';

/**
 * A request the operation accepts: real slugs, usernames, ids and tokens from the world, a body
 * within the schema. Destructive ones (delete, edit, sign out) get the world's scratch targets.
 */
export function validRequest(op: Operation, world: World, random: Random): FuzzRequest {
  const comment = random.pick(world.comments);
  let path = op.path;
  for (const parameter of op.parameters.filter((p) => p.in === 'path')) {
    const value = validPathValue(op, parameter.name, world, comment, random);
    path = path.replace(`{${parameter.name}}`, percentEncode(asText(value)));
  }
  const query = op.parameters
    .filter((p) => p.in === 'query' && random.chance(0.4))
    .map((p) => `${p.name}=${percentEncode(String(queryValue(p, world, random)))}`);
  if (query.length > 0) path += `?${query.join('&')}`;

  const headers: Record<string, string> = {};
  const identity = identityFor(op, world, random);
  if (op.auth === 'required' || (op.auth === 'optional' && random.chance(0.6))) {
    headers.authorization = schemeVariant(random, identity.token);
  }
  if (op.parameters.some((p) => p.name === 'Idempotency-Key') && random.chance(0.3)) {
    headers['idempotency-key'] = `fuzz-${random.string(10, 'abcdef0123456789')}`;
  }
  let body: Buffer | undefined;
  if (op.body?.mediaType === 'multipart/form-data') {
    const upload = imageUpload(random);
    headers['content-type'] = upload.contentType;
    body = upload.body;
  } else if (op.body) {
    headers['content-type'] = 'application/json';
    body = jsonBody(validBody(op, world, random));
  }
  return { target: op.id, variant: 'valid', kind: 'rest', method: op.method, path, headers, body };
}

/** Which signed-in user a valid request is made as (see World for the roles). */
function identityFor(op: Operation, world: World, random: Random): Account {
  switch (op.id) {
    case 'UpdateCurrentUser':
    case 'UploadUserImage':
      return world.editor;
    case 'Logout':
    case 'RefreshSession':
      return world.leaver;
    case 'SetUserRole':
      return random.chance(0.8) ? world.admin : world.reader;
    case 'DeleteArticleComment':
      return random.pick([world.reader, world.reader, world.author, world.admin]);
    default:
      return random.pick([world.author, world.author, world.reader, world.admin]);
  }
}

function validPathValue(
  op: Operation,
  name: string,
  world: World,
  comment: World['comments'][number],
  random: Random,
): unknown {
  const scratch = ['DeleteArticle', 'UpdateArticle', 'UploadArticleImage'].includes(op.id);
  switch (name) {
    case 'slug':
      if (op.id === 'DeleteArticleComment') return comment.slug;
      return random.pick(scratch ? world.scratchArticles : world.articles);
    case 'username':
      return random.pick([world.author, world.reader, world.editor, world.deleted]).username;
    case 'id':
      return op.id === 'DeleteArticleComment' ? comment.id : random.pick(world.jobIds);
    case 'jobId':
      return random.pick(world.jobIds);
    case 'file':
      return random.pick(['w320.webp', 'original.png', 'thumb.avif']);
    default:
      return random.string(8, 'abc');
  }
}

function queryValue(parameter: Parameter, world: World, random: Random): unknown {
  if (parameter.name === 'author' || parameter.name === 'favorited') {
    return random.pick([world.author.username, world.reader.username]);
  }
  if (parameter.name === 'tag') return random.pick(['fuzz', 'none']);
  return validValue(parameter.schema, random);
}

function validBody(op: Operation, world: World, random: Random): unknown {
  const hints: Hints = {};
  switch (op.id) {
    case 'Login': {
      const account = random.pick([world.reader, world.leaver, world.deleted]);
      const password = random.chance(0.7) ? account.password : 'wrong-password';
      return { user: { email: account.email, password } };
    }
    case 'RefreshSession':
    case 'Logout':
      return {
        user: { refreshToken: random.chance(0.7) ? world.leaver.refreshToken : 'no-such-token' },
      };
    case 'CreateUser':
      hints.username = () => random.pick([world.author.username, world.deleted.username]);
      hints.email = () => world.reader.email;
      break;
    case 'UpdateCurrentUser': {
      const value = validValue(op.body!.schema, random) as { user: Record<string, unknown> };
      delete value.user.password; // keeps the editor's other sessions, and the run, signed in
      return value;
    }
    case 'SetUserRole':
      return { user: { role: random.pick(['user', 'admin']) } };
  }
  return validValue(op.body!.schema, random, hints);
}
