/**
 * The catalog's in-memory layout: struct-of-arrays, one typed-array column per field, so 1 M entries cost
 * ~60 B of columns each instead of a ~300 B object graph, and (de)serializing is a copy of a few buffers.
 *
 * Entries are numbered in depth-first pre-order with children in name order, so entry-index order *is* path
 * order (search results need no sorting) and a directory's subtree is the contiguous range after it.
 * Children of one directory are not adjacent in that order, so each directory also owns a contiguous range
 * of `children` (entry indices, name order) that listing and lookup page and binary-search through.
 */

/** Type codes double as the 'type' sort rank: directories first. */
export const DIR = 0;
export const FILE = 1;
export const SYMLINK = 2;

export const TREE_ID_BYTES = 32;

export interface CatalogData {
  rootTreeId: string;

  // ── per entry (index 0 is the root directory) ──
  /** Parent entry; -1 for the root. */
  parent: Int32Array;
  type: Uint8Array;
  /** Files: size. Symlinks: the tree's size (target length). Directories: total bytes of the files under them. */
  size: Float64Array;
  mtime: Float64Array;
  mode: Uint32Array;
  uid: Uint32Array;
  gid: Uint32Array;
  /** Position of the node in its parent directory's decoded tree (restore re-reads the exact TreeNode). */
  treePos: Uint32Array;
  /** Slot of the display name in the name pool; the entries of a copied subtree share their originals' slots. */
  nameSlot: Uint32Array;
  /** Slot in the table of the entry's type: dir slot, file slot (fingerprint) or symlink slot (target). */
  extra: Uint32Array;
  /** Children lists of every directory back to back (entry indices, name order); length = entries - 1. */
  children: Uint32Array;

  // ── per directory slot ──
  childStart: Uint32Array;
  childCount: Uint32Array;
  /** Files under the directory, recursively. */
  fileCount: Uint32Array;
  /** Tree id of the directory's contents, 32 raw bytes per slot. */
  treeIds: Uint8Array;

  // ── per file slot: the first 8 bytes of the content fingerprint, as two big-endian u32 halves ──
  fingerprints: Uint32Array;

  // ── per symlink slot ──
  targets: string[];

  // ── names ──
  /** Display names by slot. */
  names: NamePool;
  /** The same names lower-cased (by slot), for case-insensitive search; built with the sort keys. */
  lowerNames: NamePool;
  /** base64 of the on-disk name bytes, for the few entries whose name is not valid UTF-8. */
  rawNames: Map<number, string>;
}

/** Strings by slot in one big string, each followed by '/' (which no name contains): ~1 B a character. */
export interface NamePool {
  text: string;
  /** Start of each slot in `text`, plus one final end offset; a string ends one before the next start. */
  offsets: Uint32Array;
}

export function namePool(strings: readonly string[]): NamePool {
  const offsets = new Uint32Array(strings.length + 1);
  let at = 0;
  for (let i = 0; i < strings.length; i++) {
    offsets[i] = at;
    at += strings[i]!.length + 1;
  }
  offsets[strings.length] = at;
  return { text: strings.join('/') + '/', offsets };
}

export function nameAt(pool: NamePool, slot: number): string {
  return pool.text.slice(pool.offsets[slot]!, pool.offsets[slot + 1]! - 1);
}

type NumericArray = Uint8Array | Uint32Array | Int32Array | Float64Array;

/** An append-only typed array that doubles when full; `finish` trims it to its length. */
export class Column<A extends NumericArray> {
  length = 0;
  private data: A;

  constructor(
    private readonly create: (capacity: number) => A,
    capacity = 1024,
  ) {
    this.data = create(capacity);
  }

  push(value: number): number {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length] = value;
    return this.length++;
  }

  /** Appends `count` zeros and returns the index of the first. */
  reserve(count: number): number {
    const start = this.length;
    if (start + count > this.data.length) this.grow(start + count);
    this.length += count;
    return start;
  }

  get(index: number): number {
    return this.data[index]!;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  add(index: number, value: number): void {
    this.data[index] = this.data[index]! + value;
  }

  finish(): A {
    return this.data.slice(0, this.length) as A;
  }

  private grow(minimum: number): void {
    const next = this.create(Math.max(minimum, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}
