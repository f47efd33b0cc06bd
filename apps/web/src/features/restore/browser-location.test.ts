import { describe, expect, it } from 'vitest';
import { browserHref, browserStateFrom } from './browser-location';

describe('browser location', () => {
  it('reads the view from the URL, falling back to safe defaults', () => {
    expect(browserStateFrom(new URLSearchParams('path=/a/b/&sort=size&order=desc&q=*.csv&highlight=x'))).toEqual({
      path: '/a/b',
      sort: 'size',
      order: 'desc',
      q: '*.csv',
      highlight: 'x',
    });
    expect(browserStateFrom(new URLSearchParams('path=../etc&sort=owner&order=up&q=%20'))).toEqual({ path: '/', sort: 'name', order: 'asc', q: null, highlight: null });
  });

  it('writes links with only what differs from the defaults', () => {
    expect(browserHref('default', 'bak_1')).toBe('/folders/default/backups/bak_1/files');
    expect(browserHref('default', 'bak_1', { path: '/docs', sort: 'name', order: 'desc', highlight: 'a b.txt' })).toBe(
      '/folders/default/backups/bak_1/files?path=%2Fdocs&order=desc&highlight=a+b.txt',
    );
  });
});
