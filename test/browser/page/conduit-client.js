// A RealWorld client in miniature, loaded by a page that the browser test serves from an origin
// of its own. Every call checks its answer and throws naming the step, so a failure says which
// flow the browser refused. Plain browser JavaScript: the test only calls the functions below.
/* global document */

/** One API call; rejects when the browser blocks it (CORS) or the status is not `expect`. */
async function call(api, step, method, path, { token, body, headers = {}, expect }) {
  let response;
  try {
    response = await fetch(api + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token === undefined ? {} : { authorization: `Token ${token}` }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new Error(`${step}: ${method} ${path} was blocked: ${error.message}`, { cause: error });
  }
  const text = await response.text();
  if (response.status !== expect) {
    throw new Error(
      `${step}: ${method} ${path} answered ${response.status}, expected ${expect}: ${text.slice(0, 300)}`,
    );
  }
  return { headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

function check(step, condition, detail) {
  if (!condition) throw new Error(`${step}: ${detail}`);
}

async function signUp(api, name) {
  const user = { username: name, email: `${name}@example.test`, password: 'correct horse battery' };
  const { json } = await call(api, `sign up ${name}`, 'POST', '/api/users', {
    body: { user },
    expect: 201,
  });
  check(`sign up ${name}`, typeof json.user.token === 'string', 'no token in the answer');
  return json.user.token;
}

/** Lists a line on the page, so a failure's screenshot shows how far the flows got. */
function show(text) {
  const item = document.createElement('li');
  item.textContent = text;
  document.getElementById('steps').append(item);
}

/** Runs every flow the API offers a browser front end; resolves with the steps it checked. */
globalThis.runConduitFlows = async (api) => {
  const done = [];
  const pass = (...steps) => {
    done.push(...steps);
    steps.forEach((step) => show(`passed: ${step}`));
  };
  try {
    await flows(api, pass);
    return done;
  } catch (error) {
    show(`FAILED: ${error.message}`);
    throw error;
  }
};

async function flows(api, pass) {
  const suffix = Math.random().toString(36).slice(2, 10);
  const [alice, bob] = [`alice${suffix}`, `bob${suffix}`];
  const aliceToken = await signUp(api, alice);
  const bobToken = await signUp(api, bob);
  pass('sign up');

  const requestId = `browser-${suffix}`;
  const updated = await call(api, 'update user', 'PUT', '/api/user', {
    token: aliceToken,
    body: { user: { bio: 'Writes from a browser' } },
    headers: { 'x-request-id': requestId },
    expect: 200,
  });
  check('update user', updated.json.user.bio === 'Writes from a browser', 'bio not changed');
  check(
    'read x-request-id',
    updated.headers.get('x-request-id') === requestId,
    `x-request-id is ${updated.headers.get('x-request-id')}`,
  );
  check(
    'read ratelimit-remaining',
    /^\d+$/.test(updated.headers.get('ratelimit-remaining') ?? ''),
    'ratelimit-remaining not readable',
  );
  pass('update user', 'read x-request-id', 'read ratelimit-remaining');

  const article = {
    title: `Browsers ${suffix}`,
    description: 'CORS',
    body: 'Preflights pass.',
    tagList: ['cors'],
  };
  const idempotency = { 'idempotency-key': `create-${suffix}` };
  const created = await call(api, 'create article', 'POST', '/api/articles', {
    token: aliceToken,
    body: { article },
    headers: idempotency,
    expect: 201,
  });
  const slug = created.json.article.slug;
  const replay = await call(api, 'replay create', 'POST', '/api/articles', {
    token: aliceToken,
    body: { article },
    headers: idempotency,
    expect: 201,
  });
  check(
    'replay create',
    replay.headers.get('idempotent-replayed') === 'true',
    'idempotent-replayed not readable',
  );
  check('replay create', replay.json.article.slug === slug, 'a second article was created');
  pass('create article', 'replay create');

  const edited = await call(api, 'edit article', 'PUT', `/api/articles/${slug}`, {
    token: aliceToken,
    body: { article: { body: 'Edited.' } },
    expect: 200,
  });
  check('edit article', edited.json.article.body === 'Edited.', 'body not changed');
  const read = await call(api, 'read article', 'GET', `/api/articles/${slug}`, { expect: 200 });
  const etag = read.headers.get('etag');
  check('read etag', etag !== null, 'etag not readable');
  await call(api, 'revalidate article', 'GET', `/api/articles/${slug}`, {
    headers: { 'if-none-match': etag },
    expect: 304,
  });
  pass('edit article', 'read etag', 'revalidate article');

  const favorited = await call(api, 'favorite', 'POST', `/api/articles/${slug}/favorite`, {
    token: bobToken,
    expect: 200,
  });
  check('favorite', favorited.json.article.favorited === true, 'not favorited');
  const unfavorited = await call(api, 'unfavorite', 'DELETE', `/api/articles/${slug}/favorite`, {
    token: bobToken,
    expect: 200,
  });
  check('unfavorite', unfavorited.json.article.favorited === false, 'still favorited');
  pass('favorite', 'unfavorite');

  const followed = await call(api, 'follow', 'POST', `/api/profiles/${alice}/follow`, {
    token: bobToken,
    expect: 200,
  });
  check('follow', followed.json.profile.following === true, 'not following');
  const unfollowed = await call(api, 'unfollow', 'DELETE', `/api/profiles/${alice}/follow`, {
    token: bobToken,
    expect: 200,
  });
  check('unfollow', unfollowed.json.profile.following === false, 'still following');
  pass('follow', 'unfollow');

  const comment = await call(api, 'add comment', 'POST', `/api/articles/${slug}/comments`, {
    token: bobToken,
    body: { comment: { body: 'Seen in Chromium.' } },
    expect: 201,
  });
  const commentId = comment.json.comment.id;
  await call(api, 'delete comment', 'DELETE', `/api/articles/${slug}/comments/${commentId}`, {
    token: bobToken,
    expect: 204,
  });
  const comments = await call(api, 'list comments', 'GET', `/api/articles/${slug}/comments`, {
    expect: 200,
  });
  check('delete comment', comments.json.comments.length === 0, 'the comment is still listed');
  pass('add comment', 'delete comment');

  await call(api, 'delete article', 'DELETE', `/api/articles/${slug}`, {
    token: aliceToken,
    expect: 204,
  });
  await call(api, 'article gone', 'GET', `/api/articles/${slug}`, { expect: 404 });
  pass('delete article');
}

/** What a page gets for one request: the status, or the error the browser rejected with. */
globalThis.tryFetch = async (url, init) => {
  try {
    const response = await fetch(url, init);
    return { status: response.status };
  } catch (error) {
    return { error: `${error.name}: ${error.message}` };
  }
};
