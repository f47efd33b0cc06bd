import { describe, expect, it } from 'vitest';
import { chunkId } from '../chunking/chunker.js';
import { buildCatalog } from './catalog-builder.js';
import { Catalog } from './catalog.js';
import type { CatalogData } from './catalog-data.js';
import { custom, link, TreeMap, type DirSpec } from './catalog-fixtures.js';
import { CatalogFormatError, decodeCatalog, encodeCatalog } from './catalog-format.js';

const raw = Buffer.from([0xc3, 0x28, 0x61]); // invalid UTF-8
const UNICODE: DirSpec = {
  'docs': { 'readme.md': 'read me', 'Ünïcödé 😀.txt': 'u', 'line\nbreak': 'n', sub: { deep: { 'x.bin': 'xyz' } } },
  'copy': { 'readme.md': 'read me', 'Ünïcödé 😀.txt': 'u', 'line\nbreak': 'n', sub: { deep: { 'x.bin': 'xyz' } } },
  'lone \ud800 surrogate': 's',
  'ln': link('docs/readme.md'),
  'ln2': link('../日本'),
  [raw.toString('utf8')]: custom({ rawName: raw.toString('base64'), content: [chunkId(Buffer.from('r'))], size: 1, uid: 4_000_000_000, mtimeMs: -1234.5 }),
  'empty': {},
};
const ASCII: DirSpec = { a: { b: 'c', d: { e: 'f' } }, g: 'hi', l: link('a/b') };

async function build(spec: DirSpec): Promise<Catalog> {
  const trees = new TreeMap();
  return buildCatalog(trees.build(spec), trees.load);
}

function expectSame(a: Catalog, b: Catalog): void {
  expect(b.size).toBe(a.size);
  expect(b.rootTreeId).toBe(a.rootTreeId);
  for (let i = 0; i < a.size; i++) {
    expect(b.entry(i)).toEqual(a.entry(i));
    expect(b.nodeRef(i)).toEqual(a.nodeRef(i));
    if (a.entry(i).type === 'dir') {
      for (const sort of ['name', 'size', 'mtime', 'type'] as const) expect(b.list(i, { sort })).toEqual(a.list(i, { sort }));
    }
  }
  for (const q of ['e', '*.txt', '?', 'READ', '😀', 'ü']) expect(b.search(q, 100)).toEqual(a.search(q, 100));
}

describe('catalog file format', () => {
  it('round-trips every field, for latin1 and UTF-16 name pools', async () => {
    for (const spec of [UNICODE, ASCII]) {
      const catalog = await build(spec);
      const bytes = catalog.serialize();
      expect(bytes.toString('latin1', 0, 8)).toBe('CBCATLOG');
      const loaded = Catalog.deserialize(bytes);
      expectSame(catalog, loaded);
      expect(loaded.serialize().equals(bytes)).toBe(true);
    }
    const loaded = Catalog.deserialize((await build(UNICODE)).serialize());
    expect(loaded.entry(loaded.lookup(`/${raw.toString('utf8')}`))).toMatchObject({ rawName: raw.toString('base64'), uid: 4_000_000_000, mtimeMs: -1234.5 });
    expect(loaded.lookup('/lone \ud800 surrogate')).toBeGreaterThan(0);
    expect(loaded.entry(loaded.lookup('/ln2')).target).toBe('../日本');
  });

  it('loads from a buffer at any byte offset and keeps no reference to it', async () => {
    const catalog = await build(UNICODE);
    const bytes = catalog.serialize();
    for (const shift of [1, 3, 4]) {
      const holder = Buffer.alloc(bytes.length + shift);
      bytes.copy(holder, shift);
      expectSame(catalog, Catalog.deserialize(holder.subarray(shift)));
    }
    // The catalog keeps nothing of the buffer: the caller may reuse it.
    const loaded = Catalog.deserialize(bytes);
    bytes.fill(0);
    expectSame(catalog, loaded);
  });

  it('refuses damaged, truncated, foreign and future files', async () => {
    const bytes = (await build(ASCII)).serialize();
    const damaged = Buffer.from(bytes);
    damaged[damaged.length - 20]! ^= 1;
    expect(() => Catalog.deserialize(damaged)).toThrow(/checksum mismatch/);
    expect(() => Catalog.deserialize(bytes.subarray(0, bytes.length - 8))).toThrow(CatalogFormatError);
    expect(() => Catalog.deserialize(bytes.subarray(0, 10))).toThrow(/not a catalog/);
    expect(() => Catalog.deserialize(Buffer.from('PK\x03\x04 something else entirely'))).toThrow(/not a catalog/);
    const future = Buffer.from(bytes);
    future.writeUInt32LE(2, 8);
    expect(() => Catalog.deserialize(future)).toThrow(/unsupported version 2/);
    const badHeader = Buffer.from(bytes);
    badHeader.write('{', 17, 'latin1');
    expect(() => Catalog.deserialize(badHeader)).toThrow(/bad header/);
  });

  it('refuses a well-checksummed file whose structure would index out of bounds', async () => {
    const good = decodeCatalog((await build(ASCII)).serialize());
    const broken: [string, (d: CatalogData) => void][] = [
      ['parent', (d) => (d.parent[3] = 5)],
      ['slot', (d) => (d.extra[1] = 99)],
      ['name slot', (d) => (d.nameSlot[2] = 1000)],
      ['child', (d) => (d.children[0] = 0)],
      ['children range', (d) => (d.childCount[0] = 50)],
      ['type', (d) => (d.type[4] = 7)],
    ];
    for (const [what, breakIt] of broken) {
      const copy = decodeCatalog(encodeCatalog(good));
      const data: CatalogData = { ...copy, parent: copy.parent.slice(), extra: copy.extra.slice(), nameSlot: copy.nameSlot.slice(), children: copy.children.slice(), childCount: copy.childCount.slice(), type: copy.type.slice() };
      breakIt(data);
      expect(() => decodeCatalog(encodeCatalog(data)), what).toThrow(new RegExp(`inconsistent ${what}`));
    }
  });
});
