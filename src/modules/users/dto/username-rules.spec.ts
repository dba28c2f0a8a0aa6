import { describe, expect, it } from '@jest/globals';
import { normalizeUsername, usernameProblem } from './username-rules.js';

describe('username rules', () => {
  it('normalises to NFKC, so fullwidth and ligature forms are their plain letters', () => {
    expect(normalizeUsername('\uff41\uff44\uff4d\uff49\uff4e')).toBe('admin');
    expect(normalizeUsername(' \ufb01sh ')).toBe('fish');
  });

  it.each([
    ['.', /letter or a digit/],
    ['..', /letter or a digit/],
    ['-_', /letter or a digit/],
    ['\u0430dmin', /mix letters of different scripts \(Cyrillic, Latin\)/],
    ['pay\u03c1al', /mix letters/],
    ['\u0441\u043e\u0440\u0435\u0445', /Cyrillic letters that all look Latin/],
    ['\u0432\u043e\u0442', /all look Latin/],
    ['\u03bf\u03b9', /Greek letters that all look Latin/],
  ])('refuses %p', (name, problem) => {
    expect(usernameProblem(name)).toMatch(problem);
  });

  it.each([
    'jake',
    'jake.doe-2',
    'Ärger',
    '\u0434\u043c\u0438\u0442\u0440\u0438\u0439',
    '\u3084\u307e\u3060\u592a\u90ce',
    '\ud55c\uad6d\u4eba',
    '42',
    '\u0627\u062d\u0645\u062f',
  ])('accepts %p', (name) => {
    expect(usernameProblem(name)).toBeUndefined();
  });
});
