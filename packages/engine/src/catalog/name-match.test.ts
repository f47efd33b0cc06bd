import { describe, expect, it } from 'vitest';
import { compareNames, globMatches, isGlob, longestLiteral } from './name-match.js';

const matches = (pattern: string, name: string) => globMatches(pattern, `//${name}//`, 2, 2 + name.length);

describe('name matching', () => {
  it('matches globs against the whole name only', () => {
    const cases: [string, string, boolean][] = [
      ['*', '', true],
      ['*', 'anything', true],
      ['?', '', false],
      ['?', 'a', true],
      ['?', 'ab', false],
      ['a*', 'abc', true],
      ['*c', 'abc', true],
      ['*b*', 'abc', true],
      ['b*', 'abc', false],
      ['a?c', 'abc', true],
      ['a?c', 'ac', false],
      ['*.tar.gz', 'x.tar.gz', true],
      ['*.tar.gz', 'x.tar.gz.bak', false],
      ['a**b', 'ab', true],
      ['*a*b*c*', 'xaybzc', true],
      ['*a*b*c*', 'xaybz', false],
      ['report-??.pdf', 'report-07.pdf', true],
      ['report-??.pdf', 'report-7.pdf', false],
      ['?.txt', '😀.txt', true], // one character, two code units
      ['??.txt', '😀.txt', false],
      ['*😀', 'smile 😀', true],
    ];
    for (const [pattern, name, expected] of cases) expect(matches(pattern, name), `${pattern} ~ ${name}`).toBe(expected);
  });

  it('stays linear-ish on patterns that make backtracking matchers explode', () => {
    const started = performance.now();
    expect(matches('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(255))).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('finds the longest literal run and recognises globs', () => {
    expect(longestLiteral('*.tar.gz')).toBe('.tar.gz');
    expect(longestLiteral('ab?cdef*g')).toBe('cdef');
    expect(longestLiteral('*?*')).toBe('');
    expect(isGlob('a*')).toBe(true);
    expect(isGlob('a?')).toBe(true);
    expect(isGlob('a.b')).toBe(false);
  });

  it('orders case-insensitively, then by exact code units', () => {
    const names = ['b', 'B', 'a', 'A', 'a2', 'a10', 'Ä', 'z'];
    const sorted = [...names].sort((x, y) => compareNames(x.toLowerCase(), x, y.toLowerCase(), y));
    expect(sorted).toEqual(['A', 'a', 'a10', 'a2', 'B', 'b', 'z', 'Ä']);
  });
});
