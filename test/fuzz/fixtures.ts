import pg from 'pg';
import type { FuzzRequest, FuzzResponse } from './fuzz-request.js';
import { imageUpload } from './multipart-bodies.js';
import type { Random } from './random.js';

export interface Account {
  username: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
  id: string;
}

/** Real users, articles, comments and jobs, so authorised paths get past 401 and 404. */
export interface World {
  /** Writes the stable articles and the scratch ones. */
  author: Account;
  /** Comments, follows and favorites the author's articles. */
  reader: Account;
  /** The one whose profile fuzzed updates change (username, email, bio...). */
  editor: Account;
  admin: Account;
  /** Signs out and refreshes: its sessions are the ones the fuzzer may end. */
  leaver: Account;
  /** A user deleted after sign-up: its token is still validly signed. */
  deleted: Account;
  /** A token of a session that has been signed out. */
  revokedToken: string;
  /** Read, favorited and commented on, never deliberately edited or deleted. */
  articles: string[];
  /** Targets of valid edits and deletes. */
  scratchArticles: string[];
  comments: { slug: string; id: number }[];
  jobIds: string[];
}

export type Send = (request: FuzzRequest) => Promise<FuzzResponse>;

export function jsonRequest(
  target: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): FuzzRequest {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Token ${token}`;
  const encoded = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return { target, variant: 'fixture', kind: 'rest', method, path, headers, body: encoded };
}

/** The members of fixture answers that the fixtures read (each answer has one of them). */
interface Answer {
  user: { token: string; refreshToken: string };
  article: { slug: string };
  comment: { id: number };
  job: { id: string };
}

/** Sends one fixture request and insists on its status: a broken fixture would hollow the run. */
async function expectJson(send: Send, request: FuzzRequest, status: number): Promise<Answer> {
  const response = await send(request);
  if (response.status !== status) {
    throw new Error(
      `fixture ${request.method} ${request.path} answered ${response.status}, not ${status}: ${response.body.toString()}`,
    );
  }
  return (response.body.length > 0 ? JSON.parse(response.body.toString()) : {}) as Answer;
}

/** Builds the world through the API itself (and the database, where no route exists). */
export async function buildWorld(send: Send, random: Random, databaseUrl: string): Promise<World> {
  const tag = random.string(6, 'abcdefghijklmnopqrstuvwxyz');
  const call = (target: string, path: string, status: number, body?: unknown, token?: string) =>
    expectJson(send, jsonRequest(target, 'POST', path, body, token), status);
  const signUp = async (name: string): Promise<Account> => {
    const fields = {
      username: `${name}_${tag}`,
      email: `${name}.${tag}@example.com`,
      password: `pw-${name}-${tag}-secret`,
    };
    const { user } = await call('CreateUser', '/api/users', 201, { user: fields });
    const claims = JSON.parse(Buffer.from(user.token.split('.')[1], 'base64url').toString());
    return {
      ...fields,
      token: user.token,
      refreshToken: user.refreshToken,
      id: (claims as { sub: string }).sub,
    };
  };
  const signIn = async (account: Account): Promise<Account> => {
    const body = { user: { email: account.email, password: account.password } };
    const { user } = await call('Login', '/api/users/login', 200, body);
    return { ...account, token: user.token, refreshToken: user.refreshToken };
  };
  const accounts: Account[] = [];
  for (const name of ['author', 'reader', 'editor', 'leaver', 'deleted', 'admin'])
    accounts.push(await signUp(name));
  const [author, reader, editor, leaver, deleted, promoted] = accounts;

  const database = new pg.Client({ connectionString: databaseUrl });
  await database.connect();
  try {
    await database.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [promoted.id]);
    await database.query('DELETE FROM users WHERE id = $1', [deleted.id]);
  } finally {
    await database.end();
  }
  const admin = await signIn(promoted); // the role is in the token: sign in again to get it
  const signedOut = await signIn(leaver);
  await call(
    'Logout',
    '/api/users/logout',
    204,
    { user: { refreshToken: signedOut.refreshToken } },
    signedOut.token,
  );

  const createArticle = async (account: Account, title: string) => {
    const article = {
      title,
      description: `About ${title}`,
      body: `The body of ${title}.`,
      tagList: ['fuzz', tag],
    };
    return (await call('CreateArticle', '/api/articles', 201, { article }, account.token)).article
      .slug;
  };
  const articles: string[] = [];
  const scratchArticles: string[] = [];
  for (let i = 0; i < 3; i++) articles.push(await createArticle(author, `Stable ${tag} ${i}`));
  articles.push(await createArticle(reader, `Reader ${tag}`));
  for (let i = 0; i < 4; i++)
    scratchArticles.push(await createArticle(author, `Scratch ${tag} ${i}`));

  const comments: World['comments'] = [];
  for (const slug of [...articles.slice(0, 2), ...scratchArticles.slice(0, 2)]) {
    const body = { comment: { body: `A comment on ${slug}` } };
    const { comment } = await call(
      'CreateArticleComment',
      `/api/articles/${slug}/comments`,
      201,
      body,
      reader.token,
    );
    comments.push({ slug, id: comment.id });
  }
  await call(
    'FollowUserByUsername',
    `/api/profiles/${author.username}/follow`,
    200,
    undefined,
    reader.token,
  );
  await call(
    'CreateArticleFavorite',
    `/api/articles/${articles[0]}/favorite`,
    200,
    undefined,
    reader.token,
  );

  const upload = imageUpload(random);
  const headers = { 'content-type': upload.contentType, authorization: `Token ${author.token}` };
  const request = {
    ...jsonRequest('UploadUserImage', 'PUT', '/api/user/image'),
    headers,
    body: upload.body,
  };
  const { job } = await expectJson(send, request, 202);

  const revokedToken = signedOut.token;
  return {
    author,
    reader,
    editor,
    admin,
    leaver,
    deleted,
    revokedToken,
    articles,
    scratchArticles,
    comments,
    jobIds: [job.id],
  };
}
