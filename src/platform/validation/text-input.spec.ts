import { describe, expect, it } from '@jest/globals';
import { containsUnstorableText, isPlainSegment, isStorableText } from './text-input.js';

describe('text input checks', () => {
  it.each([
    ['plain text', 'Crème brûlée 日本 🐉', true],
    ['tabs and line breaks', 'a\tb\r\nc', true],
    ['a NUL', 'a\u0000b', false],
    ['a lone high surrogate', 'a\ud800', false],
    ['a lone low surrogate', '\udc00b', false],
  ])('isStorableText: %s -> %p', (_case, value, expected) => {
    expect(isStorableText(value)).toBe(expected);
  });

  it('refuses every control character in a path segment, but not other Unicode', () => {
    expect(isPlainSegment('how-to-train-日本-🐉')).toBe(true);
    for (const control of ['\u0000', '\u0001', '\t', '\n', '\u007f', '\u0085', '\u009f']) {
      expect(isPlainSegment(`a${control}b`)).toBe(false);
    }
    expect(isPlainSegment('\ud800')).toBe(false);
  });

  it('finds bad text anywhere in a parsed JSON value, keys included', () => {
    expect(containsUnstorableText({ a: ['x', { b: 'y' }], c: 1, d: null })).toBe(false);
    expect(containsUnstorableText({ a: ['x', { b: 'y\u0000' }] })).toBe(true);
    expect(containsUnstorableText({ a: { 'k\ud800': 1 } })).toBe(true);
    expect(containsUnstorableText('\ud800')).toBe(true);
    expect(containsUnstorableText(undefined)).toBe(false);
  });
});
