import { describe, expect, it } from 'vitest';
import { chunkId } from '../chunking/chunker.js';
import { decodeTree, encodeTree, TreeNodeSchema, type TreeNode } from './tree-codec.js';
import { walkTree } from './walk-tree.js';

const C1 = chunkId(Buffer.from('one'));
const C2 = chunkId(Buffer.from('two'));
const base = { mode: 0o644, mtimeMs: 1_700_000_000_123.5, uid: 1000, gid: 1000 };

const file = (name: string, content: string[] = [C1], extra: Partial<TreeNode> = {}): TreeNode => ({
  name,
  type: 'file',
  size: 3 * content.length,
  content,
  ...base,
  ...extra,
});
const dir = (name: string, subtree: string): TreeNode => ({ name, type: 'dir', size: 0, subtree, ...base, mode: 0o755 });

describe('tree codec', () => {
  it('is canonical: input order and key order do not change the bytes or the id', () => {
    const nodes = [file('b.txt'), file('a.txt', [C1, C2]), { target: '../x', name: 'link', type: 'symlink', size: 4, ...base } as TreeNode];
    const first = encodeTree(nodes);
    const second = encodeTree([...nodes].reverse().map((n) => Object.fromEntries(Object.entries(n).reverse()) as unknown as TreeNode));
    expect(second.id).toBe(first.id);
    expect(second.plain.equals(first.plain)).toBe(true);
    expect(first.id).toBe(chunkId(first.plain));
    expect(decodeTree(first.plain).map((n) => n.name)).toEqual(['a.txt', 'b.txt', 'link']);
    // Any change in metadata changes the id (so a changed directory is never mistaken for an unchanged one).
    expect(encodeTree([file('a.txt', [C1, C2]), file('b.txt', [C1], { mtimeMs: 1 }), nodes[2]!]).id).not.toBe(first.id);
  });

  it('round-trips every node type and optional field', () => {
    const nodes: TreeNode[] = [
      file('hard-1', [C1], { linkGroup: 7 }),
      file('hard-2', [C1], { linkGroup: 7 }),
      file('empty', []),
      dir('sub', C2),
      { name: 'ln', type: 'symlink', size: 7, target: '/etc/x', ...base },
      file('日本語 and spaces\nnewline.txt'),
    ];
    const decoded = decodeTree(encodeTree(nodes).plain);
    const byName = (list: TreeNode[]) => [...list].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
    expect(decoded).toEqual(byName(nodes));
  });

  it('sorts by raw byte order, not by JavaScript string order', () => {
    // JavaScript compares UTF-16 units: U+1F600 (surrogate 0xD83D) < U+FF5E. In UTF-8 bytes it is the
    // other way round (EF BD 9E < F0 9F 98 80), and the on-disk bytes are what define the order.
    const names = ['\u{1F600}', '\uFF5E'];
    const decoded = decodeTree(encodeTree(names.map((n) => file(n))).plain);
    expect(decoded.map((n) => n.name)).toEqual(['\uFF5E', '\u{1F600}']);
  });

  it('keeps names that are not valid UTF-8 exactly, through rawName', () => {
    const raw = Buffer.from([0x66, 0x6f, 0xff, 0xfe, 0x6f]); // "fo\xff\xfeo"
    const node = file(raw.toString('utf8'), [C1], { rawName: raw.toString('base64') });
    const other = file(Buffer.from([0x66, 0x6f, 0xfe, 0x6f]).toString('utf8'), [C2], { rawName: Buffer.from([0x66, 0x6f, 0xfe, 0x6f]).toString('base64') });
    const decoded = decodeTree(encodeTree([node, other]).plain);
    const back = decoded.find((n) => n.content?.[0] === C1)!;
    expect(Buffer.from(back.rawName!, 'base64').equals(raw)).toBe(true);
    expect(back.name).toContain('\uFFFD');
    // rawName is only for invalid UTF-8; a valid name must not carry it.
    expect(() => encodeTree([file('ok', [C1], { rawName: Buffer.from('ok').toString('base64') })])).toThrow();
  });

  it('refuses names that could escape the restore root, duplicates, and malformed nodes', () => {
    for (const name of ['', '.', '..', 'a/b', 'nul\0']) expect(() => encodeTree([file(name)]), JSON.stringify(name)).toThrow();
    expect(() => encodeTree([file('same'), file('same', [C2])])).toThrow(/duplicate/);
    expect(TreeNodeSchema.safeParse({ ...file('x'), content: ['not-an-id'] }).success).toBe(false);
    expect(TreeNodeSchema.safeParse({ ...file('x'), subtree: C1 }).success).toBe(false);
    expect(TreeNodeSchema.safeParse({ name: 'd', type: 'dir', size: 0, ...base }).success).toBe(false);
    expect(TreeNodeSchema.safeParse({ ...file('x'), extra: 1 }).success).toBe(false);
    expect(() => decodeTree(Buffer.from('{"v":1,"nodes":[{"name":"x"}]}'))).toThrow();
    expect(() => decodeTree(Buffer.from('not json'))).toThrow();
    const dup = JSON.stringify({ v: 1, nodes: [file('a'), file('a')] });
    expect(() => decodeTree(Buffer.from(dup))).toThrow(/duplicate/);
  });
});

describe('walkTree', () => {
  it('visits every node with its path, loading subtrees on demand', async () => {
    const trees = new Map<string, TreeNode[]>();
    const put = (nodes: TreeNode[]) => {
      const { id, plain } = encodeTree(nodes);
      trees.set(id, decodeTree(plain));
      return id;
    };
    const deep = put([file('deep.txt')]);
    const emptyDir = put([]);
    const docs = put([file('a.txt'), dir('deeper', deep), dir('empty', emptyDir)]);
    const root = put([dir('docs', docs), file('top.bin', [C2]), { name: 'ln', type: 'symlink', size: 4, target: 'docs', ...base }]);
    const loads: string[] = [];
    const visited: string[] = [];
    await walkTree(
      root,
      async (id) => {
        loads.push(id);
        const nodes = trees.get(id);
        if (nodes === undefined) throw new Error(`missing tree ${id}`);
        return nodes;
      },
      (path, node) => {
        visited.push(`${node.type}:${path}`);
      },
    );
    expect(visited).toEqual([
      'dir:docs',
      'file:docs/a.txt',
      'dir:docs/deeper',
      'file:docs/deeper/deep.txt',
      'dir:docs/empty',
      'symlink:ln',
      'file:top.bin',
    ]);
    expect(loads).toHaveLength(4);
    await expect(walkTree(root, async () => Promise.reject(new Error('boom')), () => undefined)).rejects.toThrow('boom');
  });
});
