import type { TreeNode } from '../tree/tree-codec.js';

/** Tree loads in flight at once: hides store latency without holding many trees in memory. */
const CONCURRENCY = 8;

/**
 * Every blob id reachable from the root trees: the trees themselves, their subtrees and the files' chunks.
 * Each tree is loaded once even when many backups share it (unlike walkTree, which visits paths).
 * Strict mode rejects on the first tree that cannot be loaded — GC must never decide liveness from a
 * partial mark; tolerant mode skips such subtrees (storage figures on a damaged repository).
 */
export function markReachable(
  roots: readonly string[],
  loadTree: (id: string) => Promise<TreeNode[]>,
  tolerant: boolean,
): Promise<Set<string>> {
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const root of roots) {
    if (!seen.has(root)) {
      seen.add(root);
      queue.push(root);
    }
  }
  return new Promise((resolve, reject) => {
    let active = 0;
    let failed = false;
    const onTree = (nodes: TreeNode[]) => {
      for (const node of nodes) {
        if (node.content !== undefined) for (const id of node.content) seen.add(id);
        if (node.subtree !== undefined && !seen.has(node.subtree)) {
          seen.add(node.subtree);
          queue.push(node.subtree);
        }
      }
    };
    const pump = () => {
      if (failed) return;
      while (active < CONCURRENCY && queue.length > 0) {
        const id = queue.pop()!;
        active++;
        loadTree(id).then(onTree, (error: unknown) => {
          if (!tolerant) {
            failed = true;
            reject(error);
          }
        }).finally(() => {
          active--;
          pump();
        });
      }
      if (active === 0 && queue.length === 0) resolve(seen);
    };
    pump();
  });
}
