import { describe, expect, it } from 'vitest';
import type { TreeNode } from '../tree/tree-codec.js';
import { buildCatalog } from './catalog-builder.js';
import { Catalog } from './catalog.js';
import { TreeMap } from './catalog-fixtures.js';

const CHUNK = 'c'.repeat(64);
const file = (name: string, i: number): TreeNode => ({
  name,
  type: 'file',
  mode: 0o644,
  mtimeMs: 1_600_000_000_000 + ((i * 7_919) % 100_003) * 1000,
  uid: 0,
  gid: 0,
  size: (i * 104_729) % 1_000_003,
  content: [CHUNK],
});
const dir = (name: string, subtree: string): TreeNode => ({ name, type: 'dir', mode: 0o755, mtimeMs: 0, uid: 0, gid: 0, size: 0, subtree });
const byName = (a: string, b: string) => {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
};

/**
 * ~200 k entries: one flat directory of 20 k files and 180 project folders of 1 000 files in 10 subfolders.
 * Results are checked against brute force over the generated paths (no timing assertions: shared CPUs).
 */
describe('catalog at scale', () => {
  it('lists, sorts, totals and searches a 200 k-entry backup correctly', async () => {
    const trees = new TreeMap();
    const all: { path: string; node: TreeNode }[] = [];
    let n = 0;
    const flat: TreeNode[] = [];
    for (let i = 0; i < 20_000; i++) {
      const node = file(`${i % 3 === 0 ? 'IMG' : 'img'}_${(i * 48_271) % 1_000_000}.${i % 5 === 0 ? 'JPG' : 'png'}`, n++);
      flat.push(node);
      all.push({ path: `/flat/${node.name}`, node });
    }
    const projects: TreeNode[] = [];
    for (let p = 0; p < 180; p++) {
      const subs: TreeNode[] = [];
      for (let s = 0; s < 10; s++) {
        const files: TreeNode[] = [];
        for (let f = 0; f < 100; f++) {
          const node = file(`file-${p}-${s}-${f}.${f % 2 ? 'ts' : 'md'}`, n++);
          files.push(node);
          all.push({ path: `/projects/p${p}/s${s}/${node.name}`, node });
        }
        subs.push(dir(`s${s}`, trees.putFast(files)));
      }
      projects.push(dir(`p${p}`, trees.putFast(subs)));
    }
    const root = trees.putFast([dir('projects', trees.putFast(projects)), dir('flat', trees.putFast(flat))]);
    const catalog = Catalog.deserialize((await buildCatalog(root, trees.load)).serialize());
    expect(catalog.size).toBe(1 + 2 + 20_000 + 180 + 1_800 + 180_000);

    const flatNames = flat.map((f) => f.name).sort(byName);
    const page = catalog.list('/flat', { offset: 9_990, limit: 20 });
    expect(page.total).toBe(20_000);
    expect(page.entries.map((e) => e.name)).toEqual(flatNames.slice(9_990, 10_010));
    const bySize = [...flat].sort((a, b) => a.size - b.size || byName(a.name, b.name));
    expect(catalog.list('/flat', { sort: 'size', limit: 50 }).entries.map((e) => e.name)).toEqual(bySize.slice(0, 50).map((f) => f.name));
    expect(catalog.list('/flat', { sort: 'size', order: 'desc', limit: 50 }).entries.map((e) => e.name)).toEqual(bySize.slice(-50).reverse().map((f) => f.name));
    const byMtime = [...flat].sort((a, b) => a.mtimeMs - b.mtimeMs || byName(a.name, b.name));
    expect(catalog.list('/flat', { sort: 'mtime', offset: 5_000, limit: 30 }).entries.map((e) => e.name)).toEqual(byMtime.slice(5_000, 5_030).map((f) => f.name));

    const sum = (nodes: { node: TreeNode }[]) => nodes.reduce((s, x) => s + x.node.size, 0);
    expect(catalog.entry(0)).toMatchObject({ fileCount: 200_000, size: sum(all) });
    const p7 = all.filter((x) => x.path.startsWith('/projects/p7/'));
    expect(catalog.entry(catalog.lookup('/projects/p7'))).toMatchObject({ fileCount: 1_000, size: sum(p7), childCount: 10 });

    const sortedPaths = (pred: (name: string) => boolean) =>
      all
        .filter((x) => pred(x.node.name))
        .map((x) => x.path)
        .sort((a, b) => {
          const [pa, pb] = [a.split('/'), b.split('/')];
          for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return byName(pa[i]!, pb[i]!);
          return pa.length - pb.length;
        });
    const substring = catalog.search('IMG_12', 100);
    const expected = sortedPaths((name) => name.toLowerCase().includes('img_12'));
    expect(substring.total).toBe(expected.length);
    expect(substring.items.map((e) => e.path)).toEqual(expected.slice(0, 100));
    const glob = catalog.search('file-1?-*-9.ts', 1_000);
    const globExpected = sortedPaths((name) => /^file-1.-.*-9\.ts$/.test(name));
    expect(glob.total).toBe(globExpected.length);
    expect(glob.items.map((e) => e.path)).toEqual(globExpected);
    expect(catalog.search('.jpg', 10).total).toBe(4_000);
    expect(catalog.lookup('/projects/p179/s9/file-179-9-99.ts')).toBeGreaterThan(0);
  });
});
