import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory.store.js';
import { Repository } from './repository.js';
import { dataBlob, dirNode, fileNode, treeBlob } from './test-fixtures.js';

describe('Repository.lackingBelow', () => {
  const a = dataBlob(Buffer.from('file a'));
  const b = dataBlob(Buffer.from('file b'));
  const c = dataBlob(Buffer.from('file c, in a folder of its own'));
  const inner = treeBlob([fileNode('c.txt', [c])]);
  const deeper = treeBlob([{ ...dirNode('inner', inner) }, fileNode('b.txt', [b])]);
  const root = treeBlob([fileNode('a.txt', [a]), dirNode('sub', deeper), dirNode('again', inner)]);

  it('is empty for a whole backup and names what is missing: the root, a subtree, a chunk', async () => {
    const repo = await Repository.open(new MemoryStore());
    expect(await repo.lackingBelow(root.id)).toEqual([root.id]);
    await repo.writePack([root, a], 'normal');
    expect((await repo.lackingBelow(root.id)).sort()).toEqual([deeper.id, inner.id].sort());
    await repo.writePack([deeper, inner], 'normal');
    expect((await repo.lackingBelow(root.id)).sort()).toEqual([b.id, c.id].sort());
    expect(await repo.lackingBelow(root.id, 1)).toHaveLength(1);
    await repo.writePack([b, c], 'normal');
    expect(await repo.lackingBelow(root.id)).toEqual([]);
    // Answered again from the memo of complete trees.
    expect(await repo.lackingBelow(root.id)).toEqual([]);
  });

  it('forgets which trees were complete once a GC ran', async () => {
    const repo = await Repository.open(new MemoryStore());
    await repo.writePack([root, deeper, inner, a, b, c], 'normal');
    expect(await repo.lackingBelow(root.id)).toEqual([]);
    // Only the inner folder is kept: everything else is garbage now.
    await repo.gc({ roots: [inner.id], rewriteThreshold: 1 });
    expect(repo.has(root.id)).toBe(false);
    expect(await repo.lackingBelow(root.id)).toEqual([root.id]);
    await repo.writePack([root, deeper], 'normal');
    expect((await repo.lackingBelow(root.id)).sort()).toEqual([a.id, b.id].sort());
    expect(await repo.lackingBelow(inner.id)).toEqual([]);
  });
});
