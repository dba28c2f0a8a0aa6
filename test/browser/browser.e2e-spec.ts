import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import {
  BROWSER_STEP_TIMEOUT_MS,
  launchBrowser,
  listenApi,
  type ListeningApi,
  requestsOffOrigin,
  serveDirectory,
  type Site,
  type TestBrowser,
  withPage,
} from '../support/browser.js';

// A RealWorld client in miniature (conduit-client.js), served from origins of the test's own.
const PAGE_DIR = resolve('test/browser/page');
const TEST_TIMEOUT_MS = 4 * BROWSER_STEP_TIMEOUT_MS;

// What conduit-client.js defines in the page; only page.evaluate callbacks (run there) use them.
declare global {
  var runConduitFlows: (api: string) => Promise<string[]>;
  var tryFetch: (url: string, init?: object) => Promise<{ status?: number; error?: string }>;
}

describe('in Chromium (Debian package, driven by playwright-core)', () => {
  let browser: TestBrowser;
  let server: ListeningApi;
  let allowedSite: Site;
  let foreignSite: Site;

  beforeAll(async () => {
    [allowedSite, foreignSite] = await Promise.all([
      serveDirectory(PAGE_DIR),
      serveDirectory(PAGE_DIR),
    ]);
    server = await listenApi({ CORS_ORIGINS: allowedSite.origin });
    browser = await launchBrowser();
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await server?.api.close();
    await Promise.all([allowedSite?.close(), foreignSite?.close()]);
  });

  describe('CORS', () => {
    it(
      'lets a front end on an allowed origin use every flow: PUT and DELETE included, headers read',
      async () => {
        await withPage(browser, 'cors-allowed-origin-flows', async (page) => {
          await page.goto(allowedSite.origin);
          const steps = await page.evaluate(
            (api) => globalThis.runConduitFlows(api),
            server.origin,
          );
          expect(steps).toEqual([
            'sign up',
            'update user',
            'read x-request-id',
            'read ratelimit-remaining',
            'create article',
            'replay create',
            'edit article',
            'read etag',
            'revalidate article',
            'favorite',
            'unfavorite',
            'follow',
            'unfollow',
            'add comment',
            'delete comment',
            'delete article',
          ]);
        });
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'blocks a page on an origin that is not allowed, for simple and preflighted requests',
      async () => {
        await withPage(browser, 'cors-foreign-origin-blocked', async (page) => {
          await page.goto(foreignSite.origin);
          const outcomes = await page.evaluate(
            (api) =>
              Promise.all([
                globalThis.tryFetch(`${api}/api/tags`),
                globalThis.tryFetch(`${api}/api/user`, {
                  method: 'PUT',
                  headers: { 'content-type': 'application/json', authorization: 'Token x' },
                  body: '{"user":{}}',
                }),
              ]),
            server.origin,
          );
          expect(outcomes).toEqual([
            { error: expect.stringMatching(/^TypeError: Failed to fetch/) },
            { error: expect.stringMatching(/^TypeError: Failed to fetch/) },
          ]);
          // The same page reaches its own origin: the refusal above is the browser's CORS check.
          const own = await page.evaluate((url) => globalThis.tryFetch(url), foreignSite.origin);
          expect(own).toEqual({ status: 200 });
        });
      },
      TEST_TIMEOUT_MS,
    );
  });

  describe('GraphiQL (development only)', () => {
    it(
      'renders, runs a query and opens a dialog with every request to the API origin (offline)',
      async () => {
        await withPage(browser, 'graphiql-renders-offline', async (page, record) => {
          // GraphiQL keeps the editor's text in localStorage: the query to run, set before load.
          await page.addInitScript(() => localStorage.setItem('graphiql:query', '{ tags }'));
          await page.goto(`${server.origin}/graphiql`);
          await page.getByRole('button', { name: /execute query/i }).click();
          await page.locator('.graphiql-response').getByText('"tags"').waitFor();
          await page.getByRole('button', { name: /open settings dialog/i }).click();
          await page.getByRole('dialog').waitFor();
          expect(requestsOffOrigin(record, server.origin)).toEqual([]);
          expect(record.requests).toEqual(
            expect.arrayContaining([`${server.origin}/graphiql`, `${server.origin}/graphql`]),
          );
          // CSP refusals and uncaught exceptions land here too.
          expect(record.errors).toEqual([]);
        });
      },
      TEST_TIMEOUT_MS,
    );
  });

  describe('Swagger UI at /docs (development only)', () => {
    it(
      'renders the operations, runs one with "Try it out", and asks nothing of another origin',
      async () => {
        await withPage(browser, 'swagger-ui-renders-offline', async (page, record) => {
          await page.goto(`${server.origin}/docs`);
          const getTags = page.locator('#operations-Tags-GetTags');
          await getTags.waitFor();
          await getTags.locator('.opblock-summary').click();
          await page.getByRole('button', { name: /try it out/i }).click();
          await page.getByRole('button', { name: /execute/i }).click();
          await getTags
            .locator('.live-responses-table tbody .response-col_status')
            .first()
            .waitFor();
          expect(
            await getTags
              .locator('.live-responses-table tbody .response-col_status')
              .first()
              .innerText(),
          ).toContain('200');
          expect(requestsOffOrigin(record, server.origin)).toEqual([]);
          expect(record.requests).toEqual(
            expect.arrayContaining([`${server.origin}/docs`, `${server.origin}/api/tags`]),
          );
          expect(record.errors).toEqual([]);
        });
      },
      TEST_TIMEOUT_MS,
    );
  });
});
