import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory.store.js';
import { compressibleBytes, pseudoRandomBytes } from '../testing/test-data.js';
import { packKey } from './pack-format.js';
import { Repository } from './repository.js';
import { BlobNotFoundError } from './repository-errors.js';
import { bytesOf, dataBlob, dirNode, fileNode, keysOf, treeBlob, type TestBlob } from './test-fixtures.js';

/**
 * Two backups sharing data, written the way an upload would: each backup's new blobs in one pack.
 *   A: docs/{shared.txt, a-only.bin}           pack A = a-only (big), shared (small), A's trees
 *   B: docs/{shared.txt, b-only.bin}, top.txt  pack B = b-only, top, B's trees
 */
async function twoBackups() {
  const store = new MemoryStore();
  const repo = await Repository.open(store);
  const shared = dataBlob(compressibleBytes(20_000, 1));
  const aOnly = dataBlob(pseudoRandomBytes(400_000, 2));
  const bOnly = dataBlob(pseudoRandomBytes(300_000, 3));
  const top = dataBlob(compressibleBytes(50_000, 4));
  const aDocs = treeBlob([fileNode('shared.txt', [shared]), fileNode('a-only.bin', [aOnly])]);
  const aRoot = treeBlob([dirNode('docs', aDocs)]);
  const bDocs = treeBlob([fileNode('shared.txt', [shared]), fileNode('b-only.bin', [bOnly])]);
  const bRoot = treeBlob([dirNode('docs', bDocs), fileNode('top.txt', [top])]);
  const packA = (await repo.writePack([aOnly, shared, aDocs, aRoot], 'normal')).packId!;
  const packB = (await repo.writePack([shared, bOnly, top, bDocs, bRoot], 'normal')).packId!;
  return { store, repo, shared, aOnly, bOnly, top, aDocs, aRoot, bDocs, bRoot, packA, packB };
}

async function expectReadable(repo: Repository, blobs: TestBlob[]) {
  for (const blob of blobs) expect((await repo.readBlob(blob.id)).equals(blob.plain), blob.id).toBe(true);
}

describe('Repository.gc', () => {
  it('keeps everything reachable from all roots', async () => {
    const { store, repo, aRoot, bRoot, packA, packB } = await twoBackups();
    const before = await keysOf(store);
    const result = await repo.gc({ roots: [aRoot.id, bRoot.id] });
    expect(result).toMatchObject({ deletedPacks: 0, rewrittenPacks: 0, freedBytes: 0 });
    expect(await keysOf(store)).toEqual(before);
    expect(before).toContain(packKey(packA));
    expect(before).toContain(packKey(packB));
  });

  it('rewrites a mostly-dead pack, deletes the unreachable data, keeps the rest readable', async () => {
    const { store, repo, shared, aOnly, bOnly, top, aRoot, bDocs, bRoot, packA, packB } = await twoBackups();
    const packBytesBefore = await bytesOf(store, 'packs/');
    expect(repo.totalBytes()).toBe(packBytesBefore);
    // Backup A deleted: in pack A only `shared` stays live (its canonical copy is there: first written).
    expect(repo.location(shared.id)?.packId).toBe(packA);
    const result = await repo.gc({ roots: [bRoot.id] });
    expect(result.deletedPacks).toBe(0);
    expect(result.rewrittenPacks).toBe(1);
    const packBytesAfter = await bytesOf(store, 'packs/');
    expect(result.freedBytes).toBe(packBytesBefore - packBytesAfter);
    expect(result.freedBytes).toBeGreaterThan(aOnly.plain.length);
    expect(repo.totalBytes()).toBe(packBytesAfter);
    expect(await store.has(packKey(packA))).toBe(false);
    expect(await store.has(`index/${packA}`)).toBe(false);
    expect(await store.has(packKey(packB))).toBe(true);
    expect(repo.has(aOnly.id)).toBe(false);
    expect(repo.has(aRoot.id)).toBe(false);
    await expect(repo.readBlob(aOnly.id)).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(repo.location(shared.id)?.packId).not.toBe(packA);
    await expectReadable(repo, [shared, bOnly, top, bDocs, bRoot]);
    expect(result.liveBytes).toBe(await repo.reachableBytes([bRoot.id]));
    // The rewritten state is durable: a fresh open sees the same thing and verifies clean.
    const reopened = await Repository.open(store);
    await expectReadable(reopened, [shared, bOnly, top, bDocs, bRoot]);
    expect(reopened.has(aOnly.id)).toBe(false);
    expect((await reopened.verify()).damaged).toEqual([]);
  });

  it('deletes packs with no live blob at all, and freedBytes is what the store lost', async () => {
    const { store, repo, bRoot, aRoot, packA, packB } = await twoBackups();
    const stray = dataBlob(pseudoRandomBytes(100_000, 9));
    const strayPack = (await repo.writePack([stray], 'normal')).packId!;
    const before = await bytesOf(store, 'packs/');
    const result = await repo.gc({ roots: [aRoot.id], rewriteThreshold: 0 });
    // Pack B's `shared` copy is a duplicate (pack A holds the canonical one), so nothing in B is live.
    expect(result).toMatchObject({ deletedPacks: 2, rewrittenPacks: 0 });
    expect(result.freedBytes).toBe(before - (await bytesOf(store, 'packs/')));
    expect(await keysOf(store, 'packs/')).toEqual([packKey(packA)]);
    expect(await keysOf(store, 'index/')).toEqual([`index/${packA}`]);
    expect(repo.has(stray.id)).toBe(false);
    expect(repo.has(bRoot.id)).toBe(false);
    expect([packB, strayPack]).not.toContain(repo.location(aRoot.id)?.packId);
  });

  it('never deletes a blob protected for a running backup, and frees it once unprotected', async () => {
    const { repo, bRoot } = await twoBackups();
    const uploading = dataBlob(pseudoRandomBytes(150_000, 7));
    await repo.writePack([uploading], 'normal');
    const first = await repo.gc({ roots: [bRoot.id], protect: new Set([uploading.id]) });
    expect(repo.has(uploading.id)).toBe(true);
    await expectReadable(repo, [uploading]);
    expect(first.liveBytes).toBe((await repo.reachableBytes([bRoot.id])) + repo.location(uploading.id)!.length);
    const second = await repo.gc({ roots: [bRoot.id] });
    expect(second.deletedPacks).toBe(1);
    expect(repo.has(uploading.id)).toBe(false);
  });

  it('protect also keeps an existing blob that a running backup was told it need not upload', async () => {
    const { repo, aOnly, bRoot } = await twoBackups();
    await repo.gc({ roots: [bRoot.id], protect: new Set([aOnly.id]) });
    await expectReadable(repo, [aOnly]);
  });

  it('deletes nothing when a root cannot be read (a partial mark would delete live data)', async () => {
    const { store, repo, bRoot } = await twoBackups();
    const before = await keysOf(store);
    await expect(repo.gc({ roots: [bRoot.id, 'f'.repeat(64)] })).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await keysOf(store)).toEqual(before);
  });

  it('leaves a pack alone when a live blob in it is damaged, rather than copying the damage', async () => {
    const { store, repo, shared, bRoot, packA } = await twoBackups();
    const pack = await store.get(packKey(packA));
    const loc = repo.location(shared.id)!;
    pack[loc.offset + 5]! ^= 0xff;
    await store.put(packKey(packA), pack);
    const result = await repo.gc({ roots: [bRoot.id] });
    expect(result.rewrittenPacks).toBe(0);
    expect(await store.has(packKey(packA))).toBe(true);
    expect((await repo.verify()).damaged).toEqual([{ blobId: shared.id, packId: packA }]);
  });

  it('is safe to run repeatedly and with everything deleted', async () => {
    const { store, repo, bRoot } = await twoBackups();
    await repo.gc({ roots: [bRoot.id] });
    const again = await repo.gc({ roots: [bRoot.id] });
    expect(again).toMatchObject({ deletedPacks: 0, rewrittenPacks: 0, freedBytes: 0 });
    const all = await repo.gc({ roots: [] });
    expect(all.liveBytes).toBe(0);
    expect(await keysOf(store)).toEqual([]);
    expect(repo.totalBytes()).toBe(0);
  });

});
