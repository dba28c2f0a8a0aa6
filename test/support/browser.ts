import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from './test-app.js';

/** Debian's package (apt-get install chromium); nothing here ever downloads a browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Generous: Chromium on a shared, loaded machine can take many seconds for one step. */
export const BROWSER_STEP_TIMEOUT_MS = 60_000;

/** Where a failing browser test leaves its screenshot. */
const SCREENSHOTS = resolve('test-results/browser');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Every host but 127.0.0.1 fails to resolve, so a request elsewhere fails and is recorded.
  // (Not context.route(): Playwright answers CORS preflights itself and would hide defects.)
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile, removed again on close. */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium)`,
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'conduit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 2 * BROWSER_STEP_TIMEOUT_MS,
  });
  context.setDefaultTimeout(BROWSER_STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(BROWSER_STEP_TIMEOUT_MS);
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** What a page did besides rendering: every request it made, errors and CSP refusals. */
export interface PageRecord {
  requests: string[];
  /** Console errors and uncaught exceptions, CSP violations among them. */
  errors: string[];
}

/**
 * Opens a page, records what it does and runs `use`; when `use` fails, a screenshot is left in
 * test-results/browser/<name>.png and its path is added to the error. The page is closed after.
 */
export async function withPage<T>(
  browser: TestBrowser,
  name: string,
  use: (page: Page, record: PageRecord) => Promise<T>,
): Promise<T> {
  const page = await browser.context.newPage();
  const record: PageRecord = { requests: [], errors: [] };
  page.on('request', (request) => record.requests.push(request.url()));
  page.on('websocket', (socket) => record.requests.push(socket.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') record.errors.push(message.text());
  });
  page.on('pageerror', (error) => record.errors.push(`${error.name}: ${error.message}`));
  try {
    return await use(page, record);
  } catch (error) {
    const file = join(SCREENSHOTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await mkdir(SCREENSHOTS, { recursive: true });
    const saved = await page.screenshot({ path: file, fullPage: true }).then(
      () => `screenshot: ${file}`,
      (reason: unknown) => `no screenshot: ${String(reason)}`,
    );
    const errors =
      record.errors.length > 0 ? `; page errors:\n  ${record.errors.join('\n  ')}` : '';
    if (error instanceof Error) error.message += `\n(${saved}${errors})`;
    throw error;
  } finally {
    await page.close();
  }
}

/** The recorded requests that went anywhere but `origin` (data: and blob: URLs stay local). */
export function requestsOffOrigin(record: PageRecord, origin: string): string[] {
  return record.requests.filter((url) => {
    if (url.startsWith('data:') || url.startsWith('blob:')) return false;
    const parsed = new URL(url);
    const httpOrigin = `${parsed.protocol.replace(/^ws/, 'http')}//${parsed.host}`;
    return httpOrigin !== origin;
  });
}

export interface Site {
  origin: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Serves the files of `dir` (index.html at /) from 127.0.0.1 on a port of its own. */
export async function serveDirectory(dir: string): Promise<Site> {
  const files = new Map<string, string>();
  for (const name of await readdir(dir)) {
    files.set(name === 'index.html' ? '/' : `/${name}`, join(dir, name));
  }
  const server = createServer((request, response) => {
    const file = files.get(new URL(request.url ?? '/', 'http://x').pathname);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'text/plain' })
          .end(body),
      () => response.writeHead(500).end(),
    );
  });
  return { origin: await listen(server), close: () => closeServer(server) };
}

export interface ListeningApi {
  api: TestApp;
  /** http://127.0.0.1:<port> */
  origin: string;
}

/** The in-process API listening on a free port, as a browser needs it. */
export async function listenApi(env: Record<string, string> = {}): Promise<ListeningApi> {
  const api = await startTestApp(env);
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = api.server.address() as AddressInfo;
  return { api, origin: `http://127.0.0.1:${port}` };
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
}
