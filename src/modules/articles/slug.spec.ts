import { describe, expect, it } from '@jest/globals';
import { slugify, withUniqueSuffix } from './slug.js';

describe('slugify', () => {
  it.each([
    ['How to train your dragon', 'how-to-train-your-dragon'],
    ['  Crème brûlée, à la carte!  ', 'creme-brulee-a-la-carte'],
    ['C++ & Rust: 2026', 'c-rust-2026'],
    ['日本語のタイトル', '日本語のタイトル'],
    ['!!!', 'article'],
  ])('turns %p into %p', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('keeps slugs at most 200 characters without a trailing dash', () => {
    const slug = slugify(`${'word '.repeat(100)}`);
    expect(slug.length).toBeLessThanOrEqual(200);
    expect(slug.endsWith('-')).toBe(false);
  });

  it('adds a random suffix when asked for a unique variant', () => {
    expect(withUniqueSuffix('same')).toMatch(/^same-[0-9a-f]{8}$/);
    expect(withUniqueSuffix('same')).not.toBe(withUniqueSuffix('same'));
  });
});
