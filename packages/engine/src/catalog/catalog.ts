import type { NodeType, TreeNode } from '../tree/tree-codec.js';
import { DIR, FILE, nameAt, SYMLINK, TREE_ID_BYTES, type CatalogData } from './catalog-data.js';
import { decodeCatalog, encodeCatalog } from './catalog-format.js';
import { findChild, matchingSlots, SortOrders, type CatalogSort } from './catalog-queries.js';

export type { CatalogSort } from './catalog-queries.js';

/** One path of a backup, as the browser shows it. */
export interface CatalogEntry {
  index: number;
  /** Display name ('' for the root); lossy for names that are not valid UTF-8 (see `rawName`). */
  name: string;
  /** '/'-separated display path starting with '/'; the root is '/'. */
  path: string;
  type: NodeType;
  /** Files: size. Directories: total bytes of the files under them. Symlinks: the tree's size (target length). */
  size: number;
  mtimeMs: number;
  mode: number;
  uid: number;
  gid: number;
  target: string | null;
  /** Directories: files under them, recursively. */
  fileCount: number | null;
  /** Directories: direct children. */
  childCount: number | null;
  /** Files: 16 hex that change when the content changes (see `contentFingerprint`). */
  fingerprint: string | null;
  /** Directories: the tree id of their contents (what restore and export walk). */
  treeId: string | null;
  /** base64 of the on-disk name when it is not valid UTF-8. */
  rawName?: string;
}

export interface CatalogListOptions {
  sort?: CatalogSort;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

export interface CatalogListing {
  dir: CatalogEntry;
  /** Children of the directory; `entries` holds at most `limit` of them from `offset`. */
  total: number;
  entries: CatalogEntry[];
}

export interface CatalogSearchResult {
  /** Matching entries in the whole backup. */
  total: number;
  /** The first `limit` matches in path order. */
  items: CatalogEntry[];
}

/** Where a node is stored: its parent directory's tree and its position in the decoded node list. */
export interface CatalogNodeRef {
  treeId: string;
  position: number;
}

export class CatalogPathError extends Error {
  constructor(
    readonly path: string,
    readonly reason: 'not-found' | 'not-a-directory',
  ) {
    super(reason === 'not-found' ? `no such path in the backup: ${path}` : `not a directory: ${path}`);
    this.name = 'CatalogPathError';
  }
}

const TYPE_NAMES: readonly NodeType[] = ['dir', 'file', 'symlink'];
const SORTS: readonly CatalogSort[] = ['name', 'size', 'mtime', 'type'];

/**
 * A backup's browsable index: every path with its metadata and directory totals, held as typed-array
 * columns (see catalog-data.ts). Built once with `buildCatalog`, cached with `serialize`/`deserialize`.
 * Read-only; queries are synchronous.
 */
export class Catalog {
  private readonly orders: SortOrders;

  /** Internal: use `buildCatalog` or `Catalog.deserialize`. */
  constructor(private readonly data: CatalogData) {
    this.orders = new SortOrders(data);
  }

  /**
   * Loads a catalog written by `serialize` (it keeps no reference to `buf`). Throws CatalogFormatError on
   * anything but an intact catalog of a known version.
   */
  static deserialize(buf: Buffer): Catalog {
    return new Catalog(decodeCatalog(buf));
  }

  /** A versioned binary image (see catalog-format.ts), checksummed, for the server's on-disk cache. */
  serialize(): Buffer {
    return encodeCatalog(this.data);
  }

  /** Number of entries, the root included. */
  get size(): number {
    return this.data.parent.length;
  }

  get rootTreeId(): string {
    return this.data.rootTreeId;
  }

  /** Entry index of a '/'-separated display path ('/' or '' is the root), or -1. Exact, case-sensitive. */
  lookup(path: string): number {
    let index = 0;
    for (const part of path.split('/')) {
      if (part === '') continue;
      index = findChild(this.data, index, part, (i) => this.nameOf(i));
      if (index < 0) return -1;
    }
    return index;
  }

  entry(index: number): CatalogEntry {
    return this.makeEntry(this.checkIndex(index), this.pathOf(index));
  }

  pathOf(index: number): string {
    const parts: string[] = [];
    for (let i = this.checkIndex(index); i > 0; i = this.data.parent[i]!) parts.push(this.nameOf(i));
    return '/' + parts.reverse().join('/');
  }

  /**
   * One page of a directory. Name order is case-insensitive (lower-cased code units, then exact); the other
   * sorts break ties by name. 'type' puts directories first, then files, then symlinks. 'desc' is the exact
   * reverse of 'asc'. Throws CatalogPathError when the path is missing or not a directory.
   */
  list(path: string | number, options: CatalogListOptions = {}): CatalogListing {
    const { sort = 'name', order = 'asc', offset = 0, limit = 1000 } = options;
    if (!SORTS.includes(sort)) throw new RangeError(`unknown sort: ${String(sort)}`);
    if (!isCount(offset) || !isCount(limit)) throw new RangeError('offset and limit must be non-negative integers');
    const index = typeof path === 'number' ? this.checkIndex(path) : this.lookup(path);
    const shown = typeof path === 'number' ? String(path) : path;
    if (index < 0) throw new CatalogPathError(shown, 'not-found');
    if (this.data.type[index] !== DIR) throw new CatalogPathError(shown, 'not-a-directory');

    const dir = this.entry(index);
    const { children, childStart, childCount, extra } = this.data;
    const slot = extra[index]!;
    const start = childStart[slot]!;
    const total = childCount[slot]!;
    const positions = sort === 'name' ? null : this.orders.get(index, sort);
    const entries: CatalogEntry[] = [];
    for (let k = offset; k < Math.min(total, offset + limit); k++) {
      const ranked = order === 'asc' ? k : total - 1 - k;
      const child = children[start + (positions === null ? ranked : positions[ranked]!)]!;
      entries.push(this.makeEntry(child, joinPath(dir.path, this.nameOf(child))));
    }
    return { dir, total, entries };
  }

  /**
   * Names matching `query` over the whole backup: a case-insensitive glob over the whole name when it holds
   * `*` or `?`, else a case-insensitive substring. Results in path order; `total` counts every match.
   */
  search(query: string, limit = 200): CatalogSearchResult {
    if (!isCount(limit)) throw new RangeError('limit must be a non-negative integer');
    const hits = matchingSlots(this.data.lowerNames, query);
    const { nameSlot } = this.data;
    const found: number[] = [];
    let total = 0;
    // Entry order is path order; the root (index 0) has no name to match.
    for (let i = 1; i < nameSlot.length; i++) {
      if (hits[nameSlot[i]!] === 0) continue;
      if (total++ < limit) found.push(i);
    }
    return { total, items: found.map((i) => this.entry(i)) };
  }

  /**
   * Where the exact TreeNode of an entry is stored (null for the root, which has no node: it is the backup's
   * root tree). The catalog keeps no chunk ids, linkGroup or other restore-only fields; `readNode` fetches them.
   */
  nodeRef(index: number): CatalogNodeRef | null {
    if (this.checkIndex(index) === 0) return null;
    return { treeId: this.treeIdOf(this.data.parent[index]!), position: this.data.treePos[index]! };
  }

  /** The exact TreeNode of an entry, re-read from its parent's tree through `load` (null for the root). */
  async readNode(index: number, load: (treeId: string) => Promise<TreeNode[]>): Promise<TreeNode | null> {
    const ref = this.nodeRef(index);
    if (ref === null) return null;
    const node = (await load(ref.treeId))[ref.position];
    if (node === undefined || node.name !== this.nameOf(index) || (node.rawName ?? null) !== (this.data.rawNames.get(index) ?? null)) {
      throw new Error(`tree ${ref.treeId} does not hold catalog entry ${this.pathOf(index)} at ${ref.position}`);
    }
    return node;
  }

  private makeEntry(index: number, path: string): CatalogEntry {
    const d = this.data;
    const code = d.type[index]!;
    const slot = d.extra[index]!;
    const isDir = code === DIR;
    const entry: CatalogEntry = {
      index,
      name: this.nameOf(index),
      path,
      type: TYPE_NAMES[code]!,
      size: d.size[index]!,
      mtimeMs: d.mtime[index]!,
      mode: d.mode[index]!,
      uid: d.uid[index]!,
      gid: d.gid[index]!,
      target: code === SYMLINK ? d.targets[slot]! : null,
      fileCount: isDir ? d.fileCount[slot]! : null,
      childCount: isDir ? d.childCount[slot]! : null,
      fingerprint: code === FILE ? hex8(d.fingerprints[2 * slot]!) + hex8(d.fingerprints[2 * slot + 1]!) : null,
      treeId: isDir ? this.treeIdOfSlot(slot) : null,
    };
    const raw = d.rawNames.get(index);
    if (raw !== undefined) entry.rawName = raw;
    return entry;
  }

  private nameOf(index: number): string {
    return nameAt(this.data.names, this.data.nameSlot[index]!);
  }

  private treeIdOf(dir: number): string {
    return this.treeIdOfSlot(this.data.extra[dir]!);
  }

  private treeIdOfSlot(slot: number): string {
    const ids = this.data.treeIds;
    return Buffer.from(ids.buffer, ids.byteOffset + slot * TREE_ID_BYTES, TREE_ID_BYTES).toString('hex');
  }

  private checkIndex(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`no catalog entry ${index}`);
    return index;
  }
}

function joinPath(dirPath: string, name: string): string {
  return dirPath === '/' ? `/${name}` : `${dirPath}/${name}`;
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

function isCount(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}
