import { describe, expect, it } from 'vitest';
import { chunkId } from '../chunking/chunker.js';
import { MemoryStore } from '../store/memory.store.js';
import { Repository } from '../repository/repository.js';
import { treeBlob } from '../repository/test-fixtures.js';
import { buildCatalog, contentFingerprint } from './catalog-builder.js';
import { CatalogPathError, type Catalog, type CatalogEntry } from './catalog.js';
import { custom, link, TreeMap, type DirSpec } from './catalog-fixtures.js';

const SAMPLE: DirSpec = {
  'b.txt': 'bee',
  'A.txt': 'a',
  'a.txt': 'aa',
  docs: {
    'readme.md': 'read me',
    deep: { deeper: { 'leaf.bin': 'x'.repeat(1000) } },
    empty: {},
  },
  'link-to-docs': link('docs/readme.md'),
  music: { 'song.mp3': 'la la', 'Song.MP3': 'LA LA LA' },
};

async function sample(spec: DirSpec = SAMPLE): Promise<{ catalog: Catalog; trees: TreeMap; root: string }> {
  const trees = new TreeMap();
  const root = trees.build(spec);
  return { catalog: await buildCatalog(root, trees.load), trees, root };
}

const names = (entries: CatalogEntry[]) => entries.map((e) => e.name);

describe('catalog: building and listing', () => {
  it('holds every path with its metadata and the directory totals', async () => {
    const { catalog, root } = await sample();
    expect(catalog.size).toBe(14);
    expect(catalog.rootTreeId).toBe(root);

    const rootEntry = catalog.entry(0);
    expect(rootEntry).toMatchObject({ name: '', path: '/', type: 'dir', childCount: 6, fileCount: 7, treeId: root });
    expect(rootEntry.size).toBe(3 + 1 + 2 + 7 + 1000 + 5 + 8);

    const docs = catalog.entry(catalog.lookup('/docs'));
    expect(docs).toMatchObject({ path: '/docs', type: 'dir', size: 1007, fileCount: 2, childCount: 3, mode: 0o755, target: null, fingerprint: null });
    expect(docs.treeId).toMatch(/^[0-9a-f]{64}$/);
    expect(catalog.entry(catalog.lookup('/docs/empty'))).toMatchObject({ size: 0, fileCount: 0, childCount: 0 });

    const leaf = catalog.entry(catalog.lookup('/docs/deep/deeper/leaf.bin'));
    expect(leaf).toMatchObject({ name: 'leaf.bin', type: 'file', size: 1000, mode: 0o644, uid: 1000, gid: 100, fileCount: null, childCount: null, target: null, treeId: null });
    expect(leaf.fingerprint).toBe(chunkId(Buffer.from('x'.repeat(1000))).slice(0, 16));
    expect(leaf.mtimeMs).toBeGreaterThan(1_700_000_000_000);

    const symlink = catalog.entry(catalog.lookup('/link-to-docs'));
    expect(symlink).toMatchObject({ type: 'symlink', target: 'docs/readme.md', size: 14, fingerprint: null, fileCount: null });
    expect(symlink).not.toHaveProperty('rawName');
  });

  it('lists in case-insensitive name order, stable for names that differ only in case', async () => {
    const { catalog } = await sample({ b: '', B: '', a10: '', A: '', a: '', a2: '', _x: '', Zeta: {}, 'é': '' });
    // Lower-cased code units, then exact: 'A' (0x41) before 'a' (0x61); '_' (0x5f) sorts before letters.
    expect(names(catalog.list('/').entries)).toEqual(['_x', 'A', 'a', 'a10', 'a2', 'B', 'b', 'Zeta', 'é']);
    expect(names(catalog.list('/', { order: 'desc' }).entries)).toEqual(['é', 'Zeta', 'b', 'B', 'a2', 'a10', 'a', 'A', '_x']);
  });

  it('sorts by size, mtime and type with ties in name order; desc is the exact reverse', async () => {
    const spec: DirSpec = { c: '12', a: '12', big: '1234567', d: {}, z: { f: '123456789' }, l: link('x'), e: '' };
    const { catalog } = await sample(spec);
    const by = (sort: 'size' | 'mtime' | 'type', order: 'asc' | 'desc' = 'asc') => names(catalog.list('/', { sort, order }).entries);
    // Sizes: c 2, a 2, big 7, d 0 (empty dir), z 9 (its file), l 1 (target length), e 0.
    expect(by('size')).toEqual(['d', 'e', 'l', 'a', 'c', 'big', 'z']);
    expect(by('size', 'desc')).toEqual([...by('size')].reverse());
    // mtimes grow in spec order.
    expect(by('mtime')).toEqual(['c', 'a', 'big', 'd', 'z', 'l', 'e']);
    expect(by('type')).toEqual(['d', 'z', 'a', 'big', 'c', 'e', 'l']);
    expect(by('type', 'desc')).toEqual(['l', 'e', 'c', 'big', 'a', 'z', 'd']);
  });

  it('pages through a directory without gaps or overlaps in every sort', async () => {
    const spec: DirSpec = {};
    for (let i = 0; i < 250; i++) spec[`f${(i * 7919) % 1000}`] = 'x'.repeat(i % 13);
    const { catalog } = await sample(spec);
    for (const sort of ['name', 'size', 'mtime', 'type'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const whole = catalog.list('/', { sort, order, limit: 1000 });
        expect(whole.total).toBe(250);
        const paged: CatalogEntry[] = [];
        for (let offset = 0; offset < 250; offset += 40) paged.push(...catalog.list('/', { sort, order, offset, limit: 40 }).entries);
        expect(names(paged)).toEqual(names(whole.entries));
      }
    }
    expect(catalog.list('/', { offset: 250 }).entries).toEqual([]);
    expect(catalog.list('/', { offset: 1_000_000, limit: 5 })).toMatchObject({ total: 250, entries: [] });
    expect(() => catalog.list('/', { offset: -1 })).toThrow(RangeError);
    expect(() => catalog.list('/', { limit: 1.5 })).toThrow(RangeError);
  });

  it('returns the directory itself and child paths with every list', async () => {
    const { catalog } = await sample();
    const page = catalog.list('/music');
    expect(page.dir).toMatchObject({ path: '/music', childCount: 2, fileCount: 2, size: 13 });
    expect(page.entries.map((e) => e.path)).toEqual(['/music/Song.MP3', '/music/song.mp3']);
    expect(catalog.list(page.dir.index).entries).toEqual(page.entries);
  });

  it('looks up nested paths exactly and reports missing ones', async () => {
    const { catalog } = await sample();
    for (const path of ['/docs/deep/deeper/leaf.bin', 'docs/deep/deeper/leaf.bin', '/docs/deep/deeper/', '//docs//readme.md']) {
      expect(catalog.lookup(path), path).toBeGreaterThan(0);
    }
    expect(catalog.lookup('/')).toBe(0);
    expect(catalog.lookup('')).toBe(0);
    expect(catalog.pathOf(catalog.lookup('docs//deep/'))).toBe('/docs/deep');
    // Case matters for lookup (names differing in case are different files).
    expect(catalog.entry(catalog.lookup('/music/Song.MP3')).size).toBe(8);
    expect(catalog.entry(catalog.lookup('/music/song.mp3')).size).toBe(5);
    for (const missing of ['/nope', '/docs/nope', '/DOCS', '/b.txt/inside', '/docs/readme.md/x', '/..', '/docs/..']) {
      expect(catalog.lookup(missing), missing).toBe(-1);
    }
    expect(() => catalog.list('/nope')).toThrow(CatalogPathError);
    expect(() => catalog.list('/b.txt')).toThrow(expect.objectContaining({ reason: 'not-a-directory' }));
    expect(() => catalog.list('/nope')).toThrow(expect.objectContaining({ reason: 'not-found', path: '/nope' }));
    expect(() => catalog.entry(catalog.size)).toThrow(RangeError);
    expect(() => catalog.entry(-1)).toThrow(RangeError);
  });

  it('handles an empty backup', async () => {
    const trees = new TreeMap();
    const catalog = await buildCatalog(trees.put([]), trees.load);
    expect(catalog.size).toBe(1);
    expect(catalog.list('/')).toMatchObject({ total: 0, entries: [], dir: { fileCount: 0, size: 0, childCount: 0 } });
    expect(catalog.search('*', 10)).toEqual({ total: 0, items: [] });
  });

  it('keeps odd and Unicode names exact: spaces, newlines, emoji, non-UTF-8 raw names', async () => {
    const raw = Buffer.from([0x66, 0x6f, 0xff, 0x6f]);
    const spec: DirSpec = {
      'with space': { 'line\nbreak.txt': 'nl', ' lead and trail ': 't' },
      '日本語': { '😀 smile.png': 'png' },
      [raw.toString('utf8')]: custom({ rawName: raw.toString('base64'), content: [chunkId(Buffer.from('r'))], size: 1 }),
    };
    const { catalog } = await sample(spec);
    for (const path of ['/with space/line\nbreak.txt', '/with space/ lead and trail ', '/日本語/😀 smile.png']) {
      const index = catalog.lookup(path);
      expect(index, JSON.stringify(path)).toBeGreaterThan(0);
      expect(catalog.entry(index).path).toBe(path);
    }
    const lossy = catalog.entry(catalog.lookup(`/${raw.toString('utf8')}`));
    expect(lossy.name).toBe('fo\uFFFDo');
    expect(lossy.rawName).toBe(raw.toString('base64'));
    expect(catalog.search('😀', 10).items.map((e) => e.path)).toEqual(['/日本語/😀 smile.png']);
    expect(catalog.search('\n', 10).items.map((e) => e.name)).toEqual(['line\nbreak.txt']);
  });

  it('builds every path of a shared subtree but loads the shared tree once', async () => {
    const trees = new TreeMap();
    const shared = trees.build({ 'a.txt': 'same', nested: { 'b.txt': 'also same' } });
    const dir = (name: string, subtree: string, mtimeMs: number) => ({ name, type: 'dir' as const, mode: 0o700, mtimeMs, uid: 0, gid: 0, size: 0, subtree });
    const empty = trees.put([]);
    const root = trees.put([dir('copy1', shared, 1), dir('copy2', shared, 2), dir('e1', empty, 3), dir('e2', empty, 4), dir('holder', trees.put([dir('copy3', shared, 5)]), 6)]);
    trees.loads = 0;
    const catalog = await buildCatalog(root, trees.load);
    // root, shared (once), nested (once), empty (once), holder's tree.
    expect(trees.loads).toBe(5);
    expect(catalog.size).toBe(1 + 5 + 3 * 3 + 1);
    for (const prefix of ['/copy1', '/copy2', '/holder/copy3']) {
      const entry = catalog.entry(catalog.lookup(prefix));
      expect(entry).toMatchObject({ treeId: shared, fileCount: 2, size: 13, childCount: 2 });
      expect(catalog.list(prefix).entries.map((e) => e.path)).toEqual([`${prefix}/a.txt`, `${prefix}/nested`]);
      expect(catalog.entry(catalog.lookup(`${prefix}/nested/b.txt`)).path).toBe(`${prefix}/nested/b.txt`);
    }
    expect(catalog.entry(catalog.lookup('/copy2')).mtimeMs).toBe(2);
    expect(catalog.entry(0)).toMatchObject({ fileCount: 6, size: 39 });
    expect(catalog.search('b.txt', 10).items.map((e) => e.path)).toEqual(['/copy1/nested/b.txt', '/copy2/nested/b.txt', '/holder/copy3/nested/b.txt']);
  });

  it('gives back the exact TreeNode of any entry for restore', async () => {
    const store = new MemoryStore();
    const repo = await Repository.open(store);
    const sub = treeBlob([{ name: 'x.bin', type: 'file', mode: 0o600, mtimeMs: 5.5, uid: 7, gid: 8, size: 3, content: [chunkId(Buffer.from('abc'))], linkGroup: 3 }]);
    const root = treeBlob([
      { name: 'z-dir', type: 'dir', mode: 0o750, mtimeMs: 1, uid: 1, gid: 2, size: 0, subtree: sub.id },
      { name: 'a-link', type: 'symlink', mode: 0o777, mtimeMs: 2, uid: 3, gid: 4, size: 5, target: 'z-dir' },
    ]);
    await repo.writePack([sub, root], 'off');
    const load = (id: string) => repo.readTree(id);
    const catalog = await buildCatalog(root.id, load);
    for (const path of ['/z-dir', '/a-link', '/z-dir/x.bin']) {
      const index = catalog.lookup(path);
      const ref = catalog.nodeRef(index)!;
      const node = await catalog.readNode(index, load);
      expect(node).toEqual((await repo.readTree(ref.treeId))[ref.position]);
      expect(node!.name).toBe(path.split('/').pop());
    }
    expect((await catalog.readNode(catalog.lookup('/z-dir/x.bin'), load))!.linkGroup).toBe(3);
    expect((await catalog.readNode(catalog.lookup('/z-dir'), load))!.subtree).toBe(sub.id);
    expect(catalog.nodeRef(0)).toBeNull();
    expect(await catalog.readNode(0, load)).toBeNull();
  });

  it('fails the build when a tree cannot be loaded', async () => {
    const trees = new TreeMap();
    const root = trees.build({ a: { b: 'c' }, d: { e: 'f' } });
    const broken = async (id: string) => {
      const nodes = await trees.load(id);
      if (nodes.some((n) => n.name === 'e')) throw new Error('damaged tree');
      return nodes;
    };
    await expect(buildCatalog(root, broken)).rejects.toThrow('damaged tree');
    await expect(buildCatalog('f'.repeat(64), trees.load)).rejects.toThrow('no tree');
    const loop = 'a'.repeat(64);
    const cyclic = async () => [{ name: 'me', type: 'dir' as const, mode: 0o755, mtimeMs: 0, uid: 0, gid: 0, size: 0, subtree: loop }];
    await expect(buildCatalog(loop, cyclic)).rejects.toThrow('contains itself');
  });

  it('fingerprints files by their chunk ids', () => {
    const [a, b] = [chunkId(Buffer.from('a')), chunkId(Buffer.from('b'))];
    expect(contentFingerprint([a])).toBe(a.slice(0, 16));
    expect(contentFingerprint([a, b])).toMatch(/^[0-9a-f]{16}$/);
    expect(contentFingerprint([a, b])).not.toBe(contentFingerprint([b, a]));
    expect(contentFingerprint([])).toBe('e3b0c44298fc1c14'); // SHA-256 of nothing
  });
});

describe('catalog: search', () => {
  it('matches a case-insensitive substring of the name, in path order', async () => {
    const { catalog } = await sample();
    expect(catalog.search('song', 10).items.map((e) => e.path)).toEqual(['/music/Song.MP3', '/music/song.mp3']);
    expect(catalog.search('.TXT', 10).items.map((e) => e.path)).toEqual(['/A.txt', '/a.txt', '/b.txt']);
    expect(catalog.search('e', 100).items.map((e) => e.path)).toEqual([
      '/docs/deep', '/docs/deep/deeper', '/docs/deep/deeper/leaf.bin', '/docs/empty', '/docs/readme.md',
    ]);
    expect(catalog.search('nothing like it', 10)).toEqual({ total: 0, items: [] });
    // Names never contain '/', so a query with one matches nothing (it must not match across names).
    expect(catalog.search('txt/a', 10).total).toBe(0);
    expect(catalog.search('deep/deeper', 10).total).toBe(0);
  });

  it('matches a glob against the whole name', async () => {
    const { catalog } = await sample();
    const paths = (q: string) => catalog.search(q, 100).items.map((e) => e.path);
    expect(paths('*.txt')).toEqual(['/A.txt', '/a.txt', '/b.txt']);
    expect(paths('?.TXT')).toEqual(['/A.txt', '/a.txt', '/b.txt']);
    expect(paths('??.txt')).toEqual([]);
    expect(paths('*.mp?')).toEqual(['/music/Song.MP3', '/music/song.mp3']);
    expect(paths('deep*')).toEqual(['/docs/deep', '/docs/deep/deeper']);
    expect(paths('*deep')).toEqual(['/docs/deep']);
    expect(paths('*')).toHaveLength(13); // everything but the root
    expect(paths('song')).toEqual(['/music/Song.MP3', '/music/song.mp3']); // substring, not glob
    expect(paths('song*')).toEqual(['/music/Song.MP3', '/music/song.mp3']);
    expect(paths('ong*')).toEqual([]);
  });

  it('counts every match but returns at most limit items', async () => {
    const spec: DirSpec = {};
    for (let i = 0; i < 30; i++) spec[`report-${String(i).padStart(2, '0')}.pdf`] = 'r';
    const { catalog } = await sample(spec);
    const result = catalog.search('REPORT', 5);
    expect(result.total).toBe(30);
    expect(result.items.map((e) => e.name)).toEqual(['report-00.pdf', 'report-01.pdf', 'report-02.pdf', 'report-03.pdf', 'report-04.pdf']);
    expect(catalog.search('report', 0)).toMatchObject({ total: 30, items: [] });
  });

  it('lower-cases like String.toLowerCase, including final sigma and İ', async () => {
    const greek = (await sample({ 'ΟΔΥΣΣΕΥΣ': 'o', 'ΟΔΥΣΣΕΥΣ.txt': 't', 'plain.txt': 'p' })).catalog;
    // Σ before '.' then a letter is not final; at the end of the name it is.
    expect(greek.search('οδυσσευς', 10).items.map((e) => e.name)).toEqual(['ΟΔΥΣΣΕΥΣ']);
    expect(greek.search('οδυσσευσ.', 10).items.map((e) => e.name)).toEqual(['ΟΔΥΣΣΕΥΣ.txt']);
    expect(greek.search('ΟΔΥΣΣΕΥΣ', 10).items.map((e) => e.name)).toEqual(['ΟΔΥΣΣΕΥΣ']);
    // İ lower-cases to two code units, which changes name lengths: the per-name path.
    const turkish = (await sample({ 'İstanbul.jpg': 'i', 'ΟΔΥΣΣΕΥΣ': 'o', 'plain.txt': 'p' })).catalog;
    expect(turkish.search('i\u0307stanbul', 10).items.map((e) => e.name)).toEqual(['İstanbul.jpg']);
    expect(turkish.search('İSTANBUL', 10).items.map((e) => e.name)).toEqual(['İstanbul.jpg']);
    expect(turkish.search('*.jpg', 10).items.map((e) => e.name)).toEqual(['İstanbul.jpg']);
    expect(turkish.search('οδυσσευς', 10).items.map((e) => e.name)).toEqual(['ΟΔΥΣΣΕΥΣ']);
    expect(turkish.search('plain', 10).items.map((e) => e.name)).toEqual(['plain.txt']);
  });
});
