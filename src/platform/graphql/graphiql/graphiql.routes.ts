import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { GRAPHQL_PATH } from '../graphql-path.js';
import { GRAPHIQL_ASSETS_PATH, type GraphiqlAsset } from './graphiql-assets.js';
import { PAGE_CSS, pageHtml, startScript } from './graphiql-page.js';

export const GRAPHIQL_PATH = '/graphiql';

const OWN_SCRIPT = `${GRAPHIQL_ASSETS_PATH}/start.js`;
const OWN_CSS = `${GRAPHIQL_ASSETS_PATH}/page.css`;

/**
 * GET /graphiql and everything it loads, all from this origin, so the IDE works offline and
 * under a CSP whose script-src is 'self'. (Mercurius' own page loads React and GraphiQL from
 * unpkg.com.)
 */
export function registerGraphiql(fastify: FastifyInstance, assets: readonly GraphiqlAsset[]) {
  const html = pageHtml(assets, OWN_SCRIPT, OWN_CSS);
  const script = startScript(GRAPHQL_PATH);
  const own = (path: string, contentType: string, body: string) =>
    fastify.get(path, (_request, reply) =>
      reply.type(contentType).header('cache-control', 'no-cache').send(body),
    );
  own(GRAPHIQL_PATH, 'text/html; charset=utf-8', html);
  own(OWN_SCRIPT, 'text/javascript; charset=utf-8', script);
  own(OWN_CSS, 'text/css; charset=utf-8', PAGE_CSS);
  for (const asset of assets) {
    fastify.get(asset.url, (_request, reply) =>
      reply
        .type(asset.contentType)
        // The URL names the package version, so the file behind it never changes.
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(createReadStream(asset.path)),
    );
  }
}
