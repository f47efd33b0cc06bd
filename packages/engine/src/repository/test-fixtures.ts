// Helpers shared by the repository tests (not part of the public API).
import { chunkId } from '../chunking/chunker.js';
import type { ObjectStore } from '../store/object-store.js';
import { MemoryStore } from '../store/memory.store.js';
import { encodeTree, type TreeNode } from '../tree/tree-codec.js';
import type { BlobType } from './pack-format.js';

export interface TestBlob {
  id: string;
  type: BlobType;
  plain: Buffer;
}

export function dataBlob(plain: Buffer): TestBlob {
  return { id: chunkId(plain), type: 'data', plain };
}

export function treeBlob(nodes: TreeNode[]): TestBlob {
  const { id, plain } = encodeTree(nodes);
  return { id, type: 'tree', plain };
}

export function fileNode(name: string, chunks: readonly TestBlob[]): TreeNode {
  const size = chunks.reduce((sum, c) => sum + c.plain.length, 0);
  return { name, type: 'file', mode: 0o644, mtimeMs: 1_700_000_000_000, uid: 0, gid: 0, size, content: chunks.map((c) => c.id) };
}

export function dirNode(name: string, tree: TestBlob): TreeNode {
  return { name, type: 'dir', mode: 0o755, mtimeMs: 1_700_000_000_000, uid: 0, gid: 0, size: 0, subtree: tree.id };
}

export async function keysOf(store: ObjectStore, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  for await (const { key } of store.list(prefix)) keys.push(key);
  return keys.sort();
}

export async function bytesOf(store: ObjectStore, prefix: string): Promise<number> {
  let total = 0;
  for await (const { size } of store.list(prefix)) total += size;
  return total;
}

/** A MemoryStore whose puts can be made to fail for matching keys: a crash or a full disk, in effect. */
export class FaultyStore extends MemoryStore {
  failPuts: RegExp | null = null;

  override async put(key: string, data: Buffer): Promise<void> {
    if (this.failPuts?.test(key)) throw Object.assign(new Error(`simulated failure writing ${key}`), { code: 'ENOSPC' });
    return super.put(key, data);
  }
}
