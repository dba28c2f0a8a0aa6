import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ORIGIN = 'http://api.test';

/** Hosts that pages typically load React, GraphiQL or fonts from. */
const CDN_HOST =
  /unpkg\.com|jsdelivr\.net|cdnjs\.cloudflare\.com|esm\.sh|skypack\.dev|google(apis)?\.com|gstatic\.com/;

// What makes a browser fetch something: attributes in HTML, url()/@import in CSS, and in
// scripts import/importScripts/Worker/serviceWorker.register or an src/href assignment.
const LOADS = {
  html: [/\b(?:src|href)\s*=\s*"([^"]*)"/g],
  css: [/url\(\s*['"]?([^'")]+)/g, /@import\s+['"]([^'"]+)/g],
  js: [
    /\b(?:import|from|importScripts|Worker|register)\s*\(?\s*['"`]((?:https?:)?\/\/[^'"`]+)/g,
    /\.(?:src|href)\s*=\s*['"`]((?:https?:)?\/\/[^'"`]+)/g,
  ],
};

type Kind = keyof typeof LOADS;

const kindOf = (contentType: string): Kind =>
  contentType.includes('html') ? 'html' : contentType.includes('css') ? 'css' : 'js';

function loadedUrls(kind: Kind, text: string, base: string): string[] {
  return LOADS[kind].flatMap((pattern) =>
    [...text.matchAll(pattern)]
      .map((match) => match[1])
      .filter((target) => !target.startsWith('data:'))
      .map((target) => new URL(target, base).href),
  );
}

describe('GraphiQL assets (development only)', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('serves the page and everything it loads from its own origin, naming no CDN', async () => {
    const pending = [`${ORIGIN}/graphiql`];
    const fetched = new Map<string, Kind>();
    const offOrigin: string[] = [];
    while (pending.length > 0) {
      const url = pending.pop()!;
      if (fetched.has(url)) continue;
      const response = await request(api.server).get(new URL(url).pathname).expect(200);
      const kind = kindOf(response.headers['content-type']);
      fetched.set(url, kind);
      const cdn = CDN_HOST.exec(response.text);
      if (cdn) offOrigin.push(`${url} names ${cdn[0]}`);
      for (const target of loadedUrls(kind, response.text, url)) {
        if (new URL(target).origin !== ORIGIN) offOrigin.push(`${url} loads ${target}`);
        else if (kind !== 'js') pending.push(target);
      }
    }
    expect(offOrigin).toEqual([]);
    // The page, its own script and stylesheet, React, ReactDOM, GraphiQL's script and styles.
    expect([...fetched.values()].sort()).toEqual(['css', 'css', 'html', 'js', 'js', 'js', 'js']);
  });

  it('lets browsers keep the versioned package files, and revalidate the page', async () => {
    const page = await request(api.server).get('/graphiql').expect(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    const react = /src="(\/graphiql\/assets\/react@[^"]+)"/.exec(page.text)?.[1];
    expect(react).toBeDefined();
    const script = await request(api.server).get(react!).expect(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toContain('immutable');
    expect(script.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('answers 404 for a file it does not serve', async () => {
    await request(api.server)
      .get('/graphiql/assets/react@18.3.1/../../../package.json')
      .expect(404);
    await request(api.server)
      .get('/graphiql/assets/react@0.0.1/react.production.min.js')
      .expect(404);
  });
});
