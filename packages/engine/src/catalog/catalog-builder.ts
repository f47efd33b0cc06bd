import { hash } from 'node:crypto';
import type { TreeNode } from '../tree/tree-codec.js';
import { Catalog } from './catalog.js';
import { Column, DIR, FILE, namePool, SYMLINK, TREE_ID_BYTES, type CatalogData } from './catalog-data.js';
import { compareNames } from './name-match.js';

export type TreeLoader = (treeId: string) => Promise<TreeNode[]>;

export interface BuildCatalogOptions {
  /** Subtree loads started ahead of the walk, so repository reads overlap the building (default 8). */
  prefetch?: number;
}

/**
 * Builds the catalog of one backup by walking its trees once. Every path gets its own entry, but a subtree id
 * seen before (content-addressed: identical directory contents, e.g. every empty directory or a copied
 * folder) is not loaded again: its already-built entries are copied. Throws whatever `load` throws.
 */
export async function buildCatalog(rootTreeId: string, load: TreeLoader, options: BuildCatalogOptions = {}): Promise<Catalog> {
  const builder = new CatalogBuilder(rootTreeId);
  await builder.walk(new Prefetcher(load, options.prefetch ?? 8));
  return new Catalog(builder.finish());
}

/**
 * The content fingerprint of a file: 16 hex of SHA-256 over its chunk ids joined by '\n'; a one-chunk file
 * uses its chunk id (already the SHA-256 of the whole content), which spares a hash for most files.
 */
export function contentFingerprint(content: readonly string[]): string {
  if (content.length === 1) return content[0]!.slice(0, 16);
  return hash('sha256', content.join('\n'), 'hex').slice(0, 16);
}

const TREE_ID = /^[0-9a-f]{64}$/;

interface SortedNode {
  node: TreeNode;
  pos: number;
  lower: string;
}

interface Frame {
  dir: number;
  treeId: string;
  nodes: SortedNode[];
  next: number;
  childBase: number;
}

class CatalogBuilder {
  private readonly parent = new Column((n) => new Int32Array(n));
  private readonly type = new Column((n) => new Uint8Array(n));
  private readonly size = new Column((n) => new Float64Array(n));
  private readonly mtime = new Column((n) => new Float64Array(n));
  private readonly mode = new Column((n) => new Uint32Array(n));
  private readonly uid = new Column((n) => new Uint32Array(n));
  private readonly gid = new Column((n) => new Uint32Array(n));
  private readonly treePos = new Column((n) => new Uint32Array(n));
  private readonly nameSlot = new Column((n) => new Uint32Array(n));
  private readonly extra = new Column((n) => new Uint32Array(n));
  private readonly children = new Column((n) => new Uint32Array(n));
  private readonly childStart = new Column((n) => new Uint32Array(n));
  private readonly childCount = new Column((n) => new Uint32Array(n));
  private readonly treeIds = new Column((n) => new Uint8Array(n));
  private readonly fingerprints = new Column((n) => new Uint32Array(n));
  private readonly targets: string[] = [];
  private readonly rawNames = new Map<number, string>();
  /**
   * Display names by slot. Copied subtrees share slots; other repeated names are not interned, because a
   * Map over 1 M fresh strings costs 1-2 s (hashing, rehashing, GC) — more than the whole rest of the build.
   */
  private readonly names: string[] = [];
  /** The sort keys, kept for search: lower-casing 1 M names again at load would cost 0.2-0.7 s. */
  private readonly lowerNames: string[] = [];
  /** Subtrees already built: tree id → the first directory entry that holds it, and how many entries follow. */
  private readonly built = new Map<string, { dir: number; span: number }>();

  constructor(private readonly rootTreeId: string) {}

  async walk(trees: Prefetcher): Promise<void> {
    const root = this.addEntry(DIR, '', '', -1, 0, 0, 0, 0, 0, 0);
    this.extra.set(root, this.addDirSlot(this.rootTreeId));
    const stack: Frame[] = [this.open(root, this.rootTreeId, await trees.get(this.rootTreeId), trees)];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.next === frame.nodes.length) {
        stack.pop();
        this.built.set(frame.treeId, { dir: frame.dir, span: this.parent.length - frame.dir - 1 });
        continue;
      }
      const sorted = frame.nodes[frame.next]!;
      const { node } = sorted;
      const index = this.addNode(sorted, frame.dir);
      this.children.set(frame.childBase + frame.next, index);
      frame.next++;
      if (node.type !== 'dir') continue;
      const subtree = node.subtree!;
      const seen = this.built.get(subtree);
      // Content addressing makes a tree that contains itself impossible; a broken loader must not loop forever.
      if (seen === undefined && stack.some((f) => f.treeId === subtree)) throw new Error(`tree ${subtree} contains itself`);
      if (seen !== undefined) {
        trees.drop(subtree);
        this.copySubtree(seen.dir, seen.span, index);
      } else {
        stack.push(this.open(index, subtree, await trees.get(subtree), trees));
      }
    }
  }

  finish(): CatalogData {
    const data: CatalogData = {
      rootTreeId: this.rootTreeId,
      parent: this.parent.finish(),
      type: this.type.finish(),
      size: this.size.finish(),
      mtime: this.mtime.finish(),
      mode: this.mode.finish(),
      uid: this.uid.finish(),
      gid: this.gid.finish(),
      treePos: this.treePos.finish(),
      nameSlot: this.nameSlot.finish(),
      extra: this.extra.finish(),
      children: this.children.finish(),
      childStart: this.childStart.finish(),
      childCount: this.childCount.finish(),
      fileCount: new Uint32Array(this.childStart.length),
      treeIds: this.treeIds.finish(),
      fingerprints: this.fingerprints.finish(),
      targets: this.targets,
      names: namePool(this.names),
      lowerNames: namePool(this.lowerNames),
      rawNames: this.rawNames,
    };
    addTotals(data);
    return data;
  }

  private open(dir: number, treeId: string, nodes: TreeNode[], trees: Prefetcher): Frame {
    const sorted = nodes.map((node, pos): SortedNode => ({ node, pos, lower: node.name.toLowerCase() }));
    const byName = (a: SortedNode, b: SortedNode) => compareNames(a.lower, a.node.name, b.lower, b.node.name) || a.pos - b.pos;
    // Trees arrive in byte order, which is already name order for most directories: check before sorting.
    let ordered = true;
    for (let i = 1; i < sorted.length && ordered; i++) ordered = byName(sorted[i - 1]!, sorted[i]!) < 0;
    if (!ordered) sorted.sort(byName);
    const childBase = this.children.reserve(sorted.length);
    const slot = this.extra.get(dir);
    this.childStart.set(slot, childBase);
    this.childCount.set(slot, sorted.length);
    trees.ahead(sorted, this.built);
    return { dir, treeId, nodes: sorted, next: 0, childBase };
  }

  private addNode({ node, pos, lower }: SortedNode, parent: number): number {
    const code = node.type === 'dir' ? DIR : node.type === 'file' ? FILE : SYMLINK;
    const size = code === DIR ? 0 : node.size;
    const index = this.addEntry(code, node.name, lower, parent, pos, size, node.mtimeMs, node.mode, node.uid, node.gid);
    if (node.rawName !== undefined) this.rawNames.set(index, node.rawName);
    if (code === DIR) {
      this.extra.set(index, this.addDirSlot(node.subtree!));
    } else if (code === FILE) {
      const fingerprint = contentFingerprint(node.content ?? []);
      const slot = this.fingerprints.push(parseInt(fingerprint.slice(0, 8), 16));
      this.fingerprints.push(parseInt(fingerprint.slice(8, 16), 16));
      this.extra.set(index, slot / 2);
    } else {
      this.extra.set(index, this.targets.push(node.target ?? '') - 1);
    }
    return index;
  }

  private addEntry(
    code: number,
    name: string,
    lower: string,
    parent: number,
    pos: number,
    size: number,
    mtime: number,
    mode: number,
    uid: number,
    gid: number,
  ): number {
    const slot = this.names.push(name) - 1;
    this.lowerNames.push(lower);
    const index = this.parent.push(parent);
    this.type.push(code);
    this.size.push(size);
    this.mtime.push(mtime);
    this.mode.push(mode);
    this.uid.push(uid);
    this.gid.push(gid);
    this.treePos.push(pos);
    this.nameSlot.push(slot);
    this.extra.push(0);
    return index;
  }

  private addDirSlot(treeId: string): number {
    if (!TREE_ID.test(treeId)) throw new RangeError(`not a tree id: ${treeId}`);
    const slot = this.childStart.push(0);
    this.childCount.push(0);
    const at = this.treeIds.reserve(TREE_ID_BYTES);
    const bytes = Buffer.from(treeId, 'hex');
    for (let i = 0; i < TREE_ID_BYTES; i++) this.treeIds.set(at + i, bytes[i] ?? 0);
    return slot;
  }

  /**
   * Copies the `span` entries after directory `from` (a subtree with the same id, already built) to follow
   * directory `to`. Files and symlinks share their fingerprint / target slots with the originals; directories
   * get slots of their own because their children ranges differ.
   */
  private copySubtree(from: number, span: number, to: number): void {
    const delta = to - from;
    for (let i = from + 1; i <= from + span; i++) {
      const code = this.type.get(i);
      const index = this.parent.push(this.parent.get(i) + delta);
      this.type.push(code);
      this.size.push(this.size.get(i));
      this.mtime.push(this.mtime.get(i));
      this.mode.push(this.mode.get(i));
      this.uid.push(this.uid.get(i));
      this.gid.push(this.gid.get(i));
      this.treePos.push(this.treePos.get(i));
      this.nameSlot.push(this.nameSlot.get(i));
      this.extra.push(code === DIR ? this.copyDirSlot(this.extra.get(i)) : this.extra.get(i));
      const raw = this.rawNames.size > 0 ? this.rawNames.get(i) : undefined;
      if (raw !== undefined) this.rawNames.set(index, raw);
    }
    for (let i = from; i <= from + span; i++) {
      if (this.type.get(i) !== DIR) continue;
      const source = this.extra.get(i);
      const target = this.extra.get(i + delta);
      const count = this.childCount.get(source);
      const oldBase = this.childStart.get(source);
      const newBase = this.children.reserve(count);
      for (let k = 0; k < count; k++) this.children.set(newBase + k, this.children.get(oldBase + k) + delta);
      this.childStart.set(target, newBase);
      this.childCount.set(target, count);
    }
  }

  private copyDirSlot(source: number): number {
    const slot = this.childStart.push(0);
    this.childCount.push(0);
    const at = this.treeIds.reserve(TREE_ID_BYTES);
    for (let i = 0; i < TREE_ID_BYTES; i++) this.treeIds.set(at + i, this.treeIds.get(source * TREE_ID_BYTES + i));
    return slot;
  }
}

/** Children come after their parent in pre-order, so one backward pass adds every subtree into its parent. */
function addTotals(data: CatalogData): void {
  const { parent, type, size, extra, fileCount } = data;
  for (let i = parent.length - 1; i > 0; i--) {
    const p = parent[i]!;
    const code = type[i]!;
    if (code === SYMLINK) continue;
    size[p] = size[p]! + size[i]!;
    const slot = extra[p]!;
    fileCount[slot] = fileCount[slot]! + (code === FILE ? 1 : fileCount[extra[i]!]!);
  }
}

/** Loads a few subtrees ahead of the walk; a tree handled by copying is dropped unused. */
class Prefetcher {
  private readonly pending = new Map<string, Promise<TreeNode[]>>();

  constructor(
    private readonly load: TreeLoader,
    private readonly limit: number,
  ) {}

  get(treeId: string): Promise<TreeNode[]> {
    const early = this.pending.get(treeId);
    if (early === undefined) return this.load(treeId);
    this.pending.delete(treeId);
    return early;
  }

  drop(treeId: string): void {
    this.pending.delete(treeId);
  }

  ahead(nodes: readonly SortedNode[], built: ReadonlyMap<string, unknown>): void {
    for (const { node } of nodes) {
      if (this.pending.size >= this.limit) return;
      const id = node.subtree;
      if (id === undefined || built.has(id) || this.pending.has(id)) continue;
      const promise = this.load(id);
      // Awaited later by get(); until then a rejection must not count as unhandled.
      promise.catch(() => undefined);
      this.pending.set(id, promise);
    }
  }
}
