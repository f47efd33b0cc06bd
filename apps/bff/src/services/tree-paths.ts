import type { TreeNode } from '@cloud-backup/engine';

export interface TreeReader {
  readTree(id: string): Promise<TreeNode[]>;
}

/** The node at display path `p` ('/a/b'), walking from the root tree; null when the backup does not hold it. */
export async function resolveNode(repo: TreeReader, rootTreeId: string, p: string): Promise<TreeNode | null> {
  const parts = p.split('/').filter(Boolean);
  let treeId = rootTreeId;
  for (const [i, name] of parts.entries()) {
    const node = (await repo.readTree(treeId)).find((n) => n.name === name);
    if (!node) return null;
    if (i === parts.length - 1) return node;
    if (node.type !== 'dir' || !node.subtree) return null;
    treeId = node.subtree;
  }
  return null;
}
