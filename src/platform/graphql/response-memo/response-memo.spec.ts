import { describe, expect, it } from '@jest/globals';
import type { CacheSource } from '../../../infra/cache/cache.service.js';
import { ResponseMemo, type MemoEntry } from './response-memo.js';

const source = (json: string): CacheSource => ({
  entry: { namespace: 'tags', key: 'tags', ttlSeconds: 60 },
  json,
});
const entry = (payload: string, sourceText = '{}'): MemoEntry => ({
  payload,
  sources: [source(sourceText)],
  operation: { rootFields: 1, name: undefined },
});

describe('ResponseMemo', () => {
  it('drops the least recently used entry past its count', () => {
    const memo = new ResponseMemo(2, 1_000_000);
    memo.set('a', entry('A'));
    memo.set('b', entry('B'));
    expect(memo.get('a')?.payload).toBe('A');
    memo.set('c', entry('C'));
    expect(memo.get('b')).toBeUndefined();
    expect(memo.get('a')?.payload).toBe('A');
    expect(memo.get('c')?.payload).toBe('C');
  });

  it('drops the oldest entries past its size, counting the sources it holds', () => {
    // Each entry: key (1) + payload (100) + source text (100), two bytes a character: 402.
    // One entry may take an eighth of the memo, so this one holds eight.
    const memo = new ResponseMemo(100, 8 * 402);
    const text = 'x'.repeat(100);
    for (const key of 'abcdefghi') memo.set(key, entry(text, text));
    expect(memo.count).toBe(8);
    expect(memo.get('a')).toBeUndefined();
    expect(memo.get('i')).toBeDefined();
  });

  it('refuses an answer larger than an eighth of it, keeping the rest', () => {
    const memo = new ResponseMemo(100, 8_000);
    memo.set('small', entry('s'));
    memo.set('large', entry('y'.repeat(600)));
    expect(memo.get('large')).toBeUndefined();
    expect(memo.get('small')?.payload).toBe('s');
  });

  it('replaces an entry under the same key without counting it twice', () => {
    const memo = new ResponseMemo(2, 1_000_000);
    memo.set('a', entry('A1'));
    memo.set('a', entry('A2'));
    memo.set('b', entry('B'));
    expect(memo.count).toBe(2);
    expect(memo.get('a')?.payload).toBe('A2');
  });
});
