import type { GraphiqlAsset } from './graphiql-assets.js';

/** Full height, no margin: the one style the page adds to GraphiQL's own stylesheet. */
export const PAGE_CSS = 'html, body, #graphiql { height: 100%; margin: 0; }\n';

/**
 * Renders GraphiQL into #graphiql, querying the endpoint over HTTP and subscribing over
 * WebSocket on the same origin. A file of its own, so the CSP needs no inline script.
 */
export function startScript(graphqlPath: string): string {
  return `'use strict';
(() => {
  const url = new URL(${JSON.stringify(graphqlPath)}, window.location.href);
  const subscriptionUrl = new URL(url);
  subscriptionUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const fetcher = GraphiQL.createFetcher({ url: url.href, subscriptionUrl: subscriptionUrl.href });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, shouldPersistHeaders: true }),
  );
})();
`;
}

const escapeAttribute = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;');

/** The page: stylesheets, then scripts that run in order once the document is parsed. */
export function pageHtml(assets: readonly GraphiqlAsset[], ownScript: string, ownCss: string) {
  const styles = [...assets.filter((a) => a.url.endsWith('.css')).map((a) => a.url), ownCss];
  const scripts = [...assets.filter((a) => a.url.endsWith('.js')).map((a) => a.url), ownScript];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>GraphiQL</title>
<meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
${styles.map((href) => `<link rel="stylesheet" href="${escapeAttribute(href)}">`).join('\n')}
${scripts.map((src) => `<script defer src="${escapeAttribute(src)}"></script>`).join('\n')}
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
</body>
</html>
`;
}
