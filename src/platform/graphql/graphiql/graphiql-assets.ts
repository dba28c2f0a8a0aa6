import { accessSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/** A file of an npm package that the GraphiQL page loads, and the URL the app serves it at. */
export interface GraphiqlAsset {
  url: string;
  path: string;
  contentType: string;
}

/** The builds that mercurius' own page fetches from unpkg.com, here taken from node_modules. */
const PACKAGE_FILES = [
  { name: 'react', file: 'umd/react.production.min.js' },
  { name: 'react-dom', file: 'umd/react-dom.production.min.js' },
  { name: 'graphiql', file: 'graphiql.min.js' },
  { name: 'graphiql', file: 'graphiql.min.css' },
] as const;

export const GRAPHIQL_ASSETS_PATH = '/graphiql/assets';

const require = createRequire(import.meta.url);

const contentTypeOf = (file: string) =>
  file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';

/**
 * Finds the files in node_modules. The packages are devDependencies (GraphiQL is off in
 * production), so this returns undefined where they are not installed.
 */
export function resolveGraphiqlAssets(): GraphiqlAsset[] | undefined {
  try {
    return PACKAGE_FILES.map(({ name, file }) => {
      const manifest = require.resolve(`${name}/package.json`);
      const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
      const path = join(dirname(manifest), file);
      accessSync(path); // fails at boot rather than on a request
      // The version in the URL lets browsers cache the file for good.
      const url = `${GRAPHIQL_ASSETS_PATH}/${name}@${version}/${basename(file)}`;
      return { url, path, contentType: contentTypeOf(file) };
    });
  } catch {
    return undefined;
  }
}
