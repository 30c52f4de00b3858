import { describe, expect, it } from 'vitest';
import { parseSimplePattern } from '../../src/spec/simple-pattern.ts';

describe('parseSimplePattern', () => {
  it('reads \\uXXXX and \\xHH escapes, in classes and alone, as the code points a RegExp reads (trialU #4: a WorkMail page prints [\\u0020-\\u00FF]+)', () => {
    const source = '[\\u0020-\\u00FF]+\\x2E\\u00e9';
    const pattern = parseSimplePattern(source);

    expect(pattern?.segments.map((segment) => segment.characters)).toEqual([[[0x20, 0xff]], [[0x2e, 0x2e]], [[0xe9, 0xe9]]]);
    const regExp = new RegExp(`^${source}$`, 'u');
    for (const [text, matches] of [[' ÿ.é', true], ['\u001f.é', false], ['\u0100.é', false], ['a.é', true], ['a-é', false]] as const) expect(regExp.test(text), text).toBe(matches);
  });

  it('leaves out, as not simple, an escape that is cut short or names a surrogate half', () => {
    expect(parseSimplePattern('[\\u00F]+')).toBeUndefined();
    expect(parseSimplePattern('\\uD800')).toBeUndefined();
    expect(parseSimplePattern('[\\x4]')).toBeUndefined();
  });
});
