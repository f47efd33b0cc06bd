import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDirectoryStore } from '../store/local-directory.store.js';
import { MemoryStore } from '../store/memory.store.js';
import { compressibleBytes, pseudoRandomBytes } from '../testing/test-data.js';
import { packKey } from './pack-format.js';
import { Repository } from './repository.js';
import { BlobNotFoundError, DamagedBlobError } from './repository-errors.js';
import { dataBlob, fileNode, treeBlob } from './test-fixtures.js';

describe('Repository.readBlobs', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'engine-batch-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const text = dataBlob(compressibleBytes(300_000, 1));
  const random = dataBlob(pseudoRandomBytes(200_000, 2));
  const small = Array.from({ length: 40 }, (_, i) => dataBlob(Buffer.from(`small file number ${i} `.repeat(i + 1))));
  const tree = treeBlob([fileNode('text.txt', [text]), fileNode('random.bin', [random])]);

  it('answers every distinct id with what readBlob gives, across packs, in a few reads', async () => {
    const repo = await Repository.open(new LocalDirectoryStore(root));
    await repo.writePack([text, ...small.slice(0, 20), tree], 'normal');
    await repo.writePack([random, ...small.slice(20)], 'high');
    const unknown = '0'.repeat(64);
    const asked = [small[3]!.id, text.id, unknown, random.id, small[3]!.id, ...small.map((b) => b.id), tree.id];
    const got = await repo.readBlobs(asked);
    expect([...got.keys()].sort()).toEqual([...new Set(asked)].sort());
    for (const blob of [text, random, tree, ...small]) {
      const data = got.get(blob.id);
      expect(Buffer.isBuffer(data) && data.equals(blob.plain)).toBe(true);
      expect((data as Buffer).equals(await repo.readBlob(blob.id))).toBe(true);
    }
    expect(got.get(unknown)).toBeInstanceOf(BlobNotFoundError);
    expect((await repo.readBlobs([])).size).toBe(0);
  });

  it('names only the damaged blobs of a pack, and every blob of a missing pack', async () => {
    const store = new LocalDirectoryStore(root);
    const repo = await Repository.open(store);
    const { packId } = await repo.writePack([text, random, ...small], 'normal');
    for (const victim of [random, text, small[7]!]) {
      const loc = repo.location(victim.id)!;
      const handle = await open(join(root, 'packs', packId!.slice(0, 2), packId!), 'r+');
      const byte = Buffer.alloc(1);
      const at = loc.offset + Math.floor(loc.length / 2);
      await handle.read(byte, 0, 1, at);
      byte[0]! ^= 0x01;
      await handle.write(byte, 0, 1, at);
      await handle.close();
    }
    const got = await repo.readBlobs([text.id, random.id, ...small.map((b) => b.id)]);
    for (const victim of [random, text, small[7]!]) expect(got.get(victim.id)).toMatchObject({ name: 'DamagedBlobError', blobId: victim.id, packId });
    for (const blob of small.filter((_, i) => i !== 7)) expect((got.get(blob.id) as Buffer).equals(blob.plain)).toBe(true);

    const memory = new MemoryStore();
    const other = await Repository.open(memory);
    const a = await other.writePack([text, small[0]!], 'normal');
    await other.writePack([random], 'normal');
    await memory.delete(packKey(a.packId!));
    const partly = await other.readBlobs([text.id, small[0]!.id, random.id]);
    expect(partly.get(text.id)).toBeInstanceOf(DamagedBlobError);
    expect(partly.get(small[0]!.id)).toBeInstanceOf(DamagedBlobError);
    expect((partly.get(random.id) as Buffer).equals(random.plain)).toBe(true);
  });
});
