import type { TreeNode } from './tree-codec.js';

/**
 * Visits every node under the root tree depth-first, in tree order, with '/'-joined display paths relative to
 * the root ("docs", "docs/a.txt"). Subtrees are loaded through `load` so callers choose the source (the
 * repository on the server, a cache, a test map). Throws whatever `load` throws: a partial walk is never
 * silently reported as complete.
 */
export async function walkTree(
  rootId: string,
  load: (id: string) => Promise<TreeNode[]>,
  visit: (path: string, node: TreeNode) => void | Promise<void>,
): Promise<void> {
  const walk = async (treeId: string, prefix: string): Promise<void> => {
    for (const node of await load(treeId)) {
      const path = prefix === '' ? node.name : `${prefix}/${node.name}`;
      await visit(path, node);
      if (node.type === 'dir' && node.subtree !== undefined) await walk(node.subtree, path);
    }
  };
  await walk(rootId, '');
}
