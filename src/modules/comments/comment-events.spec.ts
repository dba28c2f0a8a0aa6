import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { CommentEvents } from './comment-events.js';
import type { CommentView } from './dto/comment.response.js';

const comment: CommentView = {
  id: 1,
  body: 'Hello',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  author: { username: 'alice', bio: '', image: '', following: false },
};
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('CommentEvents', () => {
  it('tells every listener about an added comment, after the caller has moved on', async () => {
    const events = new CommentEvents();
    const heard: string[] = [];
    events.onAdded(({ slug }) => void heard.push(`first:${slug}`));
    events.onAdded(({ slug, comment: { body } }) => void heard.push(`second:${slug}:${body}`));

    events.added('an-article', comment);
    expect(heard).toEqual([]);
    await settle();
    expect(heard).toEqual(['first:an-article', 'second:an-article:Hello']);
  });

  it('never lets a failing listener fail the caller or silence the others; logs it', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => {});
    const events = new CommentEvents();
    const heard: string[] = [];
    events.onAdded(() => {
      throw new Error('sync failure');
    });
    events.onAdded(() => Promise.reject(new Error('async failure')));
    events.onAdded(({ slug }) => void heard.push(slug));

    expect(() => events.added('an-article', comment)).not.toThrow();
    await settle();
    expect(heard).toEqual(['an-article']);
    expect(logged).toHaveBeenCalledTimes(2);
    logged.mockRestore();
  });
});
