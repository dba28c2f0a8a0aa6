import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';

export interface NewArticle {
  title: string;
  description: string;
  body: string;
  tagList?: string[];
}

export function newArticle(overrides: Partial<NewArticle> = {}): NewArticle {
  const tag = randomBytes(4).toString('hex');
  return {
    title: `How to test ${tag}`,
    description: `Notes on ${tag}`,
    body: `Carefully, with ${tag}.`,
    tagList: [`t${tag}`],
    ...overrides,
  };
}

/** Creates an article through the API and returns the response's article. */
export async function createArticle(
  server: Server,
  token: string,
  overrides: Partial<NewArticle> = {},
) {
  const response = await request(server)
    .post('/api/articles')
    .set('Authorization', `Token ${token}`)
    .send({ article: newArticle(overrides) })
    .expect(201);
  return response.body.article as { slug: string; title: string; tagList: string[] };
}
