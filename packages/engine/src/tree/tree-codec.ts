import { hash } from 'node:crypto';
import { z } from 'zod';

export type NodeType = 'file' | 'dir' | 'symlink';

export interface TreeNode {
  /** UTF-8 name; when the on-disk name is not valid UTF-8 this is a lossy display form and `rawName` holds the bytes. */
  name: string;
  /** base64 of the exact on-disk name bytes, only when they are not valid UTF-8. */
  rawName?: string;
  type: NodeType;
  mode: number;
  mtimeMs: number;
  uid: number;
  gid: number;
  /** File size; 0 for directories; target length for symlinks. */
  size: number;
  /** file: chunk ids in order. */
  content?: string[];
  /** dir: tree id. */
  subtree?: string;
  /** symlink target as stored, never followed. */
  target?: string;
  /** Hard links: nodes sharing (dev, ino) inside one backup carry the same number; content is stored once. */
  linkGroup?: number;
}

const blobId = z.string().regex(/^[0-9a-f]{64}$/);
const uint = z.number().int().nonnegative();
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Names are single path components: restore joins them under a target root, so '/', NUL, '.' and '..'
 * are refused here (SPEC §4: restore never writes outside the target root).
 */
const componentName = z
  .string()
  .min(1)
  .refine((n) => !n.includes('/') && !n.includes('\0') && n !== '.' && n !== '..', 'not a single path component');

export const TreeNodeSchema: z.ZodType<TreeNode> = z
  .strictObject({
    name: componentName,
    rawName: z.string().min(1).regex(BASE64).optional(),
    type: z.enum(['file', 'dir', 'symlink']),
    mode: uint,
    mtimeMs: z.number().finite(),
    uid: uint,
    gid: uint,
    size: uint,
    content: z.array(blobId).optional(),
    subtree: blobId.optional(),
    target: z.string().optional(),
    linkGroup: uint.optional(),
  })
  .superRefine((node, ctx) => {
    const need = (ok: boolean, message: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', message });
    };
    need((node.type === 'file') === (node.content !== undefined), 'content is required for files and only for files');
    need((node.type === 'dir') === (node.subtree !== undefined), 'subtree is required for dirs and only for dirs');
    need((node.type === 'symlink') === (node.target !== undefined), 'target is required for symlinks and only for symlinks');
    need(node.type === 'file' || node.linkGroup === undefined, 'linkGroup is only for files');
    if (node.rawName !== undefined) {
      const raw = Buffer.from(node.rawName, 'base64');
      need(raw.length > 0 && !raw.includes(0x2f) && !raw.includes(0), 'rawName is not a single path component');
      need(raw.toString('base64') === node.rawName, 'rawName is not canonical base64');
      need(!isValidUtf8(raw), 'rawName is only for names that are not valid UTF-8');
    }
  });

const TreeSchema = z.strictObject({ v: z.literal(1), nodes: z.array(TreeNodeSchema) });

/** True when decoding as UTF-8 and re-encoding gives the same bytes (no replacement characters needed). */
function isValidUtf8(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}

/** The exact on-disk name bytes, which define the canonical order and uniqueness. */
export function nodeNameBytes(node: Pick<TreeNode, 'name' | 'rawName'>): Buffer {
  return node.rawName !== undefined ? Buffer.from(node.rawName, 'base64') : Buffer.from(node.name, 'utf8');
}

/** Fixed key order and no undefined fields: equal trees always serialize to equal bytes, hence equal ids. */
const FIELD_ORDER = ['name', 'rawName', 'type', 'mode', 'mtimeMs', 'uid', 'gid', 'size', 'content', 'subtree', 'target', 'linkGroup'] as const;

function canonicalNode(n: TreeNode): Record<string, unknown> {
  // JSON.stringify follows insertion order, so inserting in FIELD_ORDER fixes the bytes.
  const c: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (n[key] !== undefined) c[key] = n[key];
  return c;
}

/**
 * Canonical encoding: nodes sorted by the byte order of their raw names, fixed JSON key order, id = SHA-256.
 * An unchanged directory therefore encodes to the same id in every backup and is stored once.
 */
export function encodeTree(nodes: readonly TreeNode[]): { id: string; plain: Buffer } {
  const checked = nodes.map((n) => TreeNodeSchema.parse(n));
  const keyed = checked.map((node) => ({ node, key: nodeNameBytes(node) }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  for (let i = 1; i < keyed.length; i++) {
    if (keyed[i]!.key.equals(keyed[i - 1]!.key)) throw new RangeError(`duplicate name in tree: ${keyed[i]!.node.name}`);
  }
  const plain = Buffer.from(JSON.stringify({ v: 1, nodes: keyed.map((k) => canonicalNode(k.node)) }), 'utf8');
  return { id: hash('sha256', plain, 'hex'), plain };
}

/** Validates with zod; throws on anything that is not a tree (wrong JSON, bad node, duplicate name). */
export function decodeTree(plain: Buffer): TreeNode[] {
  const { nodes } = TreeSchema.parse(JSON.parse(plain.toString('utf8')));
  const seen = new Set<string>();
  for (const node of nodes) {
    const key = nodeNameBytes(node).toString('latin1');
    if (seen.has(key)) throw new RangeError(`duplicate name in tree: ${node.name}`);
    seen.add(key);
  }
  return nodes;
}
