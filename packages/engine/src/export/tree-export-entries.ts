import type { TreeNode } from '../tree/tree-codec.js';
import type { ExportEntry } from './export-entry.js';

/** What exporting a backup folder reads: a Repository fits (`readTree`, `readBlob` verify every blob). */
export interface ExportSource {
  readTree(id: string): Promise<TreeNode[]>;
  readBlob(id: string): Promise<Buffer>;
}

/**
 * The entries of a backup folder for tarStream / zipStream: `node` itself (a file, symlink or directory
 * selected in the catalog, e.g. from Catalog.readNode) at `path`, then everything under it depth-first.
 * Trees are read as the walk reaches them and file content chunk by chunk (one read ahead) when the writer
 * asks, so memory is the trees on the current path plus two chunks. Names are the display names (lossy for names that
 * are not valid UTF-8; archives cannot carry raw bytes portably).
 */
export async function* nodeExportEntries(node: TreeNode, source: ExportSource, path: string = node.name): AsyncGenerator<ExportEntry> {
  yield toEntry(node, path, source);
  if (node.type === 'dir' && node.subtree !== undefined) yield* treeExportEntries(node.subtree, source, path);
}

/** Everything under a tree (a whole backup: its root tree id), with paths under `prefix` ('' = top level). */
export async function* treeExportEntries(treeId: string, source: ExportSource, prefix = ''): AsyncGenerator<ExportEntry> {
  const stack: { nodes: TreeNode[]; next: number; prefix: string }[] = [{ nodes: await source.readTree(treeId), next: 0, prefix }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const node = top.nodes[top.next++];
    if (node === undefined) {
      stack.pop();
      continue;
    }
    const path = top.prefix === '' ? node.name : `${top.prefix}/${node.name}`;
    yield toEntry(node, path, source);
    if (node.type === 'dir' && node.subtree !== undefined) stack.push({ nodes: await source.readTree(node.subtree), next: 0, prefix: path });
  }
}

function toEntry(node: TreeNode, path: string, source: ExportSource): ExportEntry {
  const entry: ExportEntry = { path, type: node.type, mode: node.mode, mtimeMs: node.mtimeMs, uid: node.uid, gid: node.gid, size: node.type === 'file' ? node.size : 0 };
  if (node.type === 'symlink') entry.target = node.target ?? '';
  const chunks = node.content;
  if (node.type === 'file' && chunks !== undefined) {
    // One chunk read ahead: the next read overlaps writing the current chunk; at most two are held.
    entry.content = async function* () {
      const read = (i: number) => {
        const promise = source.readBlob(chunks[i]!);
        promise.catch(() => undefined); // awaited below; a consumer that stops early must not leave it unhandled
        return promise;
      };
      let next = chunks.length > 0 ? read(0) : null;
      for (let i = 0; next !== null; i++) {
        const current = await next;
        next = i + 1 < chunks.length ? read(i + 1) : null;
        yield current;
      }
    };
  }
  return entry;
}
