import DataLoader from 'dataloader';
import type { GraphqlContext } from '../../platform/graphql/graphql-context.js';
import type { ArticleReadsService } from './article-reads.service.js';
import type { ArticleView } from './dto/article.response.js';

/**
 * Per request: the newest `limit` articles of every author asked for while resolving one
 * GraphQL operation, fetched in a single statement however many authors the response shows.
 */
export function authorArticlesLoader(
  context: GraphqlContext,
  reads: ArticleReadsService,
  limit: number,
): DataLoader<string, ArticleView[]> {
  const name = `author-articles:${limit}`;
  let loader = context.loaders.get(name) as DataLoader<string, ArticleView[]> | undefined;
  if (!loader) {
    loader = new DataLoader(async (usernames: readonly string[]) => {
      const byAuthor = await reads.latestByAuthors(usernames, limit, context.principal?.userId);
      return usernames.map((username) => byAuthor.get(username.toLowerCase()) ?? []);
    });
    context.loaders.set(name, loader);
  }
  return loader;
}
