// Test helpers for the catalog tests (not part of the public API).
import { createHash } from 'node:crypto';
import { chunkId } from '../chunking/chunker.js';
import { decodeTree, encodeTree, type TreeNode } from '../tree/tree-codec.js';

/** A directory as a test writes it: a string is a file's content, `link()` a symlink, an object a folder. */
export interface DirSpec {
  [name: string]: string | Link | Custom | DirSpec;
}

class Link {
  constructor(readonly target: string) {}
}
export const link = (target: string) => new Link(target);

/** Full control over one node's fields (a folder's `children` become its subtree). */
class Custom {
  constructor(readonly fields: Partial<Omit<TreeNode, 'name'>> & { children?: DirSpec }) {}
}
export const custom = (fields: Partial<Omit<TreeNode, 'name'>> & { children?: DirSpec }) => new Custom(fields);

const T0 = 1_700_000_000_000;

/** Trees in a Map, encoded canonically (real ids), with a loader that counts its calls. */
export class TreeMap {
  readonly trees = new Map<string, TreeNode[]>();
  loads = 0;

  readonly load = async (id: string): Promise<TreeNode[]> => {
    this.loads++;
    const nodes = this.trees.get(id);
    if (nodes === undefined) throw new Error(`no tree ${id}`);
    return nodes;
  };

  /** Stores a canonical tree and returns its id. */
  put(nodes: TreeNode[]): string {
    const { id, plain } = encodeTree(nodes);
    this.trees.set(id, decodeTree(plain));
    return id;
  }

  /** Stores big generated trees without the schema check (fast); ids are still content hashes. */
  putFast(nodes: TreeNode[]): string {
    const id = createHash('sha256').update(JSON.stringify(nodes)).digest('hex');
    this.trees.set(id, nodes);
    return id;
  }

  /** Builds the trees of a spec bottom-up; mtimes grow with the order names are written in. */
  build(spec: DirSpec, mtime = { next: T0 }): string {
    const nodes: TreeNode[] = [];
    for (const [name, value] of Object.entries(spec)) {
      const mtimeMs = (mtime.next += 1000);
      const base = { name, mode: 0o644, mtimeMs, uid: 1000, gid: 100 };
      if (typeof value === 'string') {
        const size = Buffer.byteLength(value);
        nodes.push({ ...base, type: 'file', size, content: size === 0 ? [] : [chunkId(Buffer.from(value))] });
      } else if (value instanceof Link) {
        nodes.push({ ...base, type: 'symlink', size: Buffer.byteLength(value.target), target: value.target });
      } else if (value instanceof Custom) {
        const { children, ...rest } = value.fields;
        const subtree = children === undefined ? {} : { subtree: this.build(children, mtime) };
        const defaults = rest.type === undefined || rest.type === 'file' ? { type: 'file', size: 0, content: [] } : { size: 0 };
        nodes.push({ ...base, ...defaults, ...rest, ...subtree } as TreeNode);
      } else {
        nodes.push({ ...base, mode: 0o755, type: 'dir', size: 0, subtree: this.build(value, mtime) });
      }
    }
    return this.put(nodes);
  }
}
