import { headerSafe, jsonBody } from './encoding.js';
import type { World } from './fixtures.js';
import type { FuzzRequest } from './fuzz-request.js';
import { CONTENT_TYPES, hostileQuery, malformedBody } from './hostile-http.js';
import { imageUpload, multipartGarbage } from './multipart-bodies.js';
import type { Operation, Parameter } from './openapi-operations.js';
import type { Random } from './random.js';
import { hostileAuth, hostileHeader, hostilePath, otherMethod } from './rest-hostile.js';
import { validRequest } from './rest-valid.js';
import { mutate } from './schema-values.js';

/** What every REST request may draw on: the world, and tokens forged against it. */
export interface RestContext {
  world: World;
  forged: Record<string, string>;
}

type Strategy =
  | 'valid'
  | 'body'
  | 'body-raw'
  | 'content-type'
  | 'path'
  | 'query'
  | 'auth'
  | 'header'
  | 'multipart'
  | 'method'
  | 'race';

/** Operations whose valid form may run concurrently against one resource (a race). */
const RACES = new Set([
  'CreateArticle',
  'CreateUser',
  'CreateArticleComment',
  'CreateArticleFavorite',
  'FollowUserByUsername',
  'DeleteArticle',
  'UpdateCurrentUser',
  'RefreshSession',
]);

/** One request for the operation: valid, or hostile in one respect chosen by the seed. */
export function restRequest(op: Operation, context: RestContext, random: Random): FuzzRequest {
  const multipart = op.body?.mediaType === 'multipart/form-data';
  const has = (where: Parameter['in']) => op.parameters.some((p) => p.in === where);
  const strategy = random.weighted<Strategy>([
    [3, 'valid'],
    [op.body && !multipart ? 3 : 0, 'body'],
    [op.body && !multipart ? 1.5 : 0.3, 'body-raw'],
    [op.body && !multipart ? 1 : 0, 'content-type'],
    [has('path') ? 2.5 : 0, 'path'],
    [has('query') ? 1.5 : 0.3, 'query'],
    [op.auth === 'none' ? 0.3 : 2, 'auth'],
    [has('header') ? 0.7 : 0.4, 'header'],
    [multipart ? 4 : 0, 'multipart'],
    [0.4, 'method'],
    [RACES.has(op.id) ? 0.25 : 0, 'race'],
  ]);
  const request = validRequest(op, context.world, random);
  request.variant = strategy;
  switch (strategy) {
    case 'valid':
      break;
    case 'body': {
      const value = mutate(op.body!.schema, JSON.parse(request.body!.toString()), random);
      request.body = jsonBody(value);
      break;
    }
    case 'body-raw': {
      const [name, body] = malformedBody(random);
      request.variant = `body-raw:${name}`;
      request.headers['content-type'] = 'application/json';
      request.body = body;
      break;
    }
    case 'content-type': {
      const type = random.pick(CONTENT_TYPES);
      request.variant = `content-type:${type}`;
      request.headers['content-type'] = headerSafe(type);
      if (random.chance(0.2)) delete request.headers['content-type'];
      if (random.chance(0.2)) request.body = Buffer.alloc(0);
      break;
    }
    case 'path':
      hostilePath(op, request, random);
      break;
    case 'query': {
      const names = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
      const query = hostileQuery(random, names);
      request.variant = `query:${query.slice(0, 30)}`;
      request.path = `${request.path.split('?')[0]}?${query}`;
      break;
    }
    case 'auth':
      hostileAuth(request, context, random);
      break;
    case 'header':
      hostileHeader(op, request, random);
      break;
    case 'multipart': {
      const upload = random.chance(0.2) ? imageUpload(random) : multipartGarbage(random);
      request.variant = upload.variant;
      request.headers['content-type'] = upload.contentType;
      request.body = upload.body;
      break;
    }
    case 'method':
      otherMethod(op, request, random);
      break;
    case 'race':
      request.copies = 8;
      break;
  }
  return request;
}
