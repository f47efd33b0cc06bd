import { describe, expect, it } from 'vitest';
import { baseName, isInside, joinPath, parentPath, pathCrumbs, restorePaths } from './catalog-path';

describe('catalog paths', () => {
  it('splits and joins display paths', () => {
    expect(parentPath('/a/b.txt')).toBe('/a');
    expect(parentPath('/a')).toBe('/');
    expect(parentPath('/')).toBe('/');
    expect(baseName('/a/b.txt')).toBe('b.txt');
    expect(joinPath('/', 'a')).toBe('/a');
    expect(joinPath('/a', 'b')).toBe('/a/b');
    expect(pathCrumbs('/a/b')).toEqual([
      { name: '/', path: '/' },
      { name: 'a', path: '/a' },
      { name: 'b', path: '/a/b' },
    ]);
  });

  it('tells what is inside a folder without matching name prefixes', () => {
    expect(isInside('/docs/a', '/docs')).toBe(true);
    expect(isInside('/docs-old/a', '/docs')).toBe(false);
    expect(isInside('/docs', '/docs')).toBe(false);
    expect(isInside('/x', '/')).toBe(true);
  });

  it('asks a restore for each path once, leaving out what a selected folder already holds', () => {
    const selected = [
      { path: '/notes.txt', type: 'file' },
      { path: '/docs/reports/q1.csv', type: 'file' },
      { path: '/docs', type: 'dir' },
      { path: '/docs-old/a', type: 'file' },
      { path: '/notes.txt', type: 'file' },
    ];
    expect(restorePaths(selected)).toEqual(['/docs', '/docs-old/a', '/notes.txt']);
  });
});
