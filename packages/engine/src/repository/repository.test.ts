import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDirectoryStore } from '../store/local-directory.store.js';
import { MemoryStore } from '../store/memory.store.js';
import { compressibleBytes, pseudoRandomBytes } from '../testing/test-data.js';
import { indexKey, packKey } from './pack-format.js';
import { Repository } from './repository.js';
import { BlobMismatchError, BlobNotFoundError, DamagedBlobError } from './repository-errors.js';
import { bytesOf, dataBlob, FaultyStore, fileNode, keysOf, treeBlob } from './test-fixtures.js';

describe('Repository', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'engine-repo-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const text = dataBlob(compressibleBytes(300_000, 1));
  const random = dataBlob(pseudoRandomBytes(200_000, 2));
  const small = dataBlob(Buffer.from('a small file'));
  const tree = treeBlob([fileNode('text.txt', [text]), fileNode('random.bin', [random])]);

  it('writes one pack plus its index and reads every blob back', async () => {
    const store = new LocalDirectoryStore(root);
    const repo = await Repository.open(store);
    const result = await repo.writePack([text, random, small, tree], 'normal');
    expect(result.storedBlobs).toBe(4);
    const packId = result.packId!;
    expect(packId).toMatch(/^[0-9a-f]{64}$/);
    expect(await keysOf(store)).toEqual([indexKey(packId), packKey(packId)].sort());
    const packBytes = await readFile(join(root, 'packs', packId.slice(0, 2), packId));
    expect(result.storedBytes).toBe(packBytes.length);
    expect(repo.totalBytes()).toBe(packBytes.length);
    for (const blob of [text, random, small, tree]) expect((await repo.readBlob(blob.id)).equals(blob.plain)).toBe(true);
    expect(repo.location(text.id)).toMatchObject({ packId, codec: 'brotli', type: 'data', rawLength: text.plain.length });
    expect(repo.location(text.id)!.length).toBeLessThan(text.plain.length / 3);
    expect(repo.location(random.id)).toMatchObject({ codec: 'none', length: random.plain.length });
    expect(repo.location(tree.id)?.type).toBe('tree');
    expect(await repo.readTree(tree.id)).toHaveLength(2);
    await expect(repo.readBlob('0'.repeat(64))).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('deduplicates: known ids and repeats within a batch are stored once', async () => {
    const store = new MemoryStore();
    const repo = await Repository.open(store);
    expect(repo.missing([text.id, random.id, text.id])).toEqual([text.id, random.id]);
    const first = await repo.writePack([text, text, random], 'normal');
    expect(first.storedBlobs).toBe(2);
    expect(repo.missing([small.id, text.id, random.id, small.id])).toEqual([small.id]);
    const before = await keysOf(store);
    expect(await repo.writePack([text, random], 'high')).toEqual({ packId: null, storedBlobs: 0, storedBytes: 0 });
    expect(await keysOf(store)).toEqual(before);
    const mixed = await repo.writePack([text, small], 'normal');
    expect(mixed.storedBlobs).toBe(1);
    expect(repo.location(small.id)?.packId).toBe(mixed.packId);
  });

  it('refuses content that does not hash to its id, and writes nothing', async () => {
    const store = new MemoryStore();
    const repo = await Repository.open(store);
    const liar = { id: text.id, type: 'data' as const, plain: random.plain };
    const error = await repo.writePack([small, liar, random], 'normal').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlobMismatchError);
    expect((error as BlobMismatchError).blobId).toBe(text.id);
    expect(await keysOf(store)).toEqual([]);
    expect(repo.has(small.id)).toBe(false);
    // A 'tree' that is not a tree would make GC's mark fail forever: refused the same way.
    const junk = { ...dataBlob(Buffer.from('{"not":"a tree"}')), type: 'tree' as const };
    await expect(repo.writePack([junk], 'normal')).rejects.toThrow(TypeError);
    await expect(repo.writePack([{ ...small, id: 'nope' }], 'normal')).rejects.toThrow(TypeError);
    expect(await keysOf(store)).toEqual([]);
  });

  it('loads the index again on reopen', async () => {
    const repo = await Repository.open(new LocalDirectoryStore(root));
    await repo.writePack([text, small], 'normal');
    await repo.writePack([random, tree], 'max');
    const reopened = await Repository.open(new LocalDirectoryStore(root));
    for (const blob of [text, small, random, tree]) {
      expect(reopened.has(blob.id)).toBe(true);
      expect(reopened.location(blob.id)).toEqual(repo.location(blob.id));
      expect((await reopened.readBlob(blob.id)).equals(blob.plain)).toBe(true);
    }
    expect(reopened.totalBytes()).toBe(repo.totalBytes());
  });

  it('a pack whose index write failed (crash between the two writes) is invisible, and gc removes it', async () => {
    const store = new FaultyStore();
    const repo = await Repository.open(store);
    await repo.writePack([small], 'normal');
    store.failPuts = /^index\//;
    await expect(repo.writePack([text, random], 'normal')).rejects.toThrow(/simulated/);
    expect(repo.has(text.id)).toBe(false);
    expect(repo.missing([text.id, small.id])).toEqual([text.id]);
    expect(await keysOf(store, 'packs/')).toHaveLength(2); // the orphan pack is on "disk"
    store.failPuts = null;
    const reopened = await Repository.open(store);
    expect(reopened.has(text.id)).toBe(false);
    const orphanBytes = (await bytesOf(store, 'packs/')) - reopened.totalBytes();
    expect(orphanBytes).toBeGreaterThan(0);
    const gc = await reopened.gc({ roots: [], protect: new Set([small.id]) });
    expect(gc).toMatchObject({ deletedPacks: 1, rewrittenPacks: 0, freedBytes: orphanBytes });
    expect(await keysOf(store, 'packs/')).toEqual([packKey(reopened.location(small.id)!.packId)]);
    // The next backup simply uploads those blobs again.
    expect((await reopened.writePack([text, random], 'normal')).storedBlobs).toBe(2);
  });

  it('a flipped byte in a pack: readBlob throws DamagedBlobError and verify reports exactly that blob', async () => {
    const repo = await Repository.open(new LocalDirectoryStore(root));
    const { packId } = await repo.writePack([text, random, small, tree], 'normal');
    for (const victim of [random, text]) {
      const loc = repo.location(victim.id)!;
      const handle = await open(join(root, 'packs', packId!.slice(0, 2), packId!), 'r+');
      const byte = Buffer.alloc(1);
      const at = loc.offset + Math.floor(loc.length / 2);
      await handle.read(byte, 0, 1, at);
      byte[0]! ^= 0x01;
      await handle.write(byte, 0, 1, at);
      await handle.close();
    }
    const reopened = await Repository.open(new LocalDirectoryStore(root));
    for (const victim of [random, text]) {
      const error = await reopened.readBlob(victim.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DamagedBlobError);
      expect(error).toMatchObject({ blobId: victim.id, packId });
    }
    expect((await reopened.readBlob(small.id)).equals(small.plain)).toBe(true);
    const progress: [number, number][] = [];
    const result = await reopened.verify((done, total) => progress.push([done, total]));
    expect(result.checkedBlobs).toBe(4);
    expect(result.checkedBytes).toBe(reopened.totalBytes());
    expect(result.damaged.sort((a, b) => (a.blobId < b.blobId ? -1 : 1))).toEqual(
      [random, text].map((b) => ({ blobId: b.id, packId })).sort((a, b) => (a.blobId < b.blobId ? -1 : 1)),
    );
    expect(progress.at(-1)).toEqual([reopened.totalBytes(), reopened.totalBytes()]);
  });

  it('verify is clean on an intact repository and reports every blob of a missing pack', async () => {
    const store = new MemoryStore();
    const repo = await Repository.open(store);
    const a = await repo.writePack([text, small], 'normal');
    await repo.writePack([random], 'normal');
    expect((await repo.verify()).damaged).toEqual([]);
    await store.delete(packKey(a.packId!));
    const result = await repo.verify();
    expect(result.damaged.map((d) => d.blobId).sort()).toEqual([text.id, small.id].sort());
    await expect(repo.readBlob(text.id)).rejects.toBeInstanceOf(DamagedBlobError);
    expect((await repo.readBlob(random.id)).equals(random.plain)).toBe(true);
  });

  it('rebuilds a damaged index file from the pack trailer on open', async () => {
    const repo = await Repository.open(new LocalDirectoryStore(root));
    const { packId } = await repo.writePack([text, random], 'normal');
    const indexPath = join(root, 'index', packId!);
    const original = await readFile(indexPath);
    await writeFile(indexPath, original.subarray(0, 20));
    const reopened = await Repository.open(new LocalDirectoryStore(root));
    expect((await reopened.readBlob(random.id)).equals(random.plain)).toBe(true);
    expect((await readFile(indexPath)).equals(original)).toBe(true);
  });

  it('computes reachable bytes from roots, counting shared blobs once', async () => {
    const repo = await Repository.open(new MemoryStore());
    const other = treeBlob([fileNode('same-text.txt', [text]), fileNode('small', [small])]);
    await repo.writePack([text, random, small, tree, other], 'normal');
    const len = (id: string) => repo.location(id)!.length;
    expect(await repo.reachableBytes([tree.id])).toBe(len(tree.id) + len(text.id) + len(random.id));
    expect(await repo.reachableBytes([tree.id, other.id, tree.id])).toBe(
      len(tree.id) + len(other.id) + len(text.id) + len(random.id) + len(small.id),
    );
    expect(await repo.reachableBytes([])).toBe(0);
  });
});
