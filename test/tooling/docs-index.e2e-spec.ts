import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';

describe('docs/README.md', () => {
  const index = readFileSync('docs/README.md', 'utf8');

  it('links every page under docs/ and every decision record', () => {
    const pages = readdirSync('docs').filter(
      (name) => name.endsWith('.md') && name !== 'README.md',
    );
    const records = readdirSync('docs/adr')
      .filter((name) => name.endsWith('.md'))
      .map((name) => `adr/${name}`);
    for (const page of [...pages, ...records]) expect(index).toContain(`](${page})`);
  });
});
