import { describe, expect, it } from 'vitest';
import { getOrInsertComputed } from '../../src/get-or-insert-computed.ts';

describe('getOrInsertComputed', () => {
  it('computes a key once and returns the stored value afterwards, undefined included', () => {
    const map = new Map<string, number | undefined>();
    const computed: string[] = [];
    const compute = (key: string) => {
      computed.push(key);
      return key === 'none' ? undefined : key.length;
    };

    expect([getOrInsertComputed(map, 'abc', compute), getOrInsertComputed(map, 'abc', compute)]).toEqual([3, 3]);
    expect([getOrInsertComputed(map, 'none', compute), getOrInsertComputed(map, 'none', compute)]).toEqual([undefined, undefined]);
    expect(computed).toEqual(['abc', 'none']);
  });

  it('keys a WeakMap by object', () => {
    const map = new WeakMap<object, string>();
    const key = {};

    expect(getOrInsertComputed(map, key, () => 'first')).toBe('first');
    expect(getOrInsertComputed(map, key, () => 'second')).toBe('first');
  });
});
