import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { forms, singularOf } from '../../scripts/generator/names.js';

// The refusals answer before anything is written; the generator's output itself is proven by
// scripts/check-generator, in a scratch copy, on every CI run.
const generate = (...args: string[]) =>
  spawnSync(process.execPath, ['scripts/generator/generate-module.js', ...args], {
    encoding: 'utf8',
  });

describe('npm run generate:module', () => {
  const tree = () => ({
    appModule: readFileSync('src/app.module.ts', 'utf8'),
    modules: readdirSync('src/modules'),
    migrations: readdirSync('migrations'),
    e2e: readdirSync('test/e2e'),
  });
  const before = tree();

  it.each([
    ['a name that is not lower-kebab-case', ['Bookmarks'], /not lower-kebab-case/],
    ['snake_case', ['reading_lists'], /not lower-kebab-case/],
    ['a word starting with a digit', ['lists-2go'], /not lower-kebab-case/],
    ['no name', [], /give the module name/],
    ['two names', ['bookmarks', 'wishlists'], /one name, not 2/],
    ['an unknown option', ['bookmarks', '--grapql'], /Unknown option '--grapql'/],
    ['a module that exists', ['comments'], /src\/modules\/comments already exists/],
    ['a name whose singular is a module', ['articles'], /src\/modules\/articles already exists/],
    ['a keyword', ['delete'], /reserved/],
    ['a name the platform uses', ['health'], /reserved/],
    ['a route and table that exist', ['tags'], /table "tags", route \/api\/tags/],
    ['a GraphQL field that exists', ['feeds'], /GraphQL field feed/],
    ['a plural whose singular cannot be told', ['people'], /cannot tell the singular/],
    ['a singular equal to the name', ['sheep', '--singular', 'sheep'], /must differ/],
  ])('refuses %s with exit 2 and a message, writing nothing', (_case, args, message) => {
    const result = generate(...args);
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 2,
      stderr: expect.stringMatching(message),
    });
    expect(result.stdout).toBe('');
    expect(tree()).toEqual(before);
  });

  it('derives the singular from the plural name, and every name form from kebab-case', () => {
    expect(
      ['bookmarks', 'reading-lists', 'categories', 'boxes', 'addresses', 'bus'].map(singularOf),
    ).toEqual(['bookmark', 'reading-list', 'category', 'box', 'address', undefined]);
    expect(forms('reading-lists')).toEqual({
      kebab: 'reading-lists',
      pascal: 'ReadingLists',
      camel: 'readingLists',
      snake: 'reading_lists',
      constant: 'READING_LISTS',
      words: 'reading lists',
      title: 'Reading Lists',
    });
  });
});
