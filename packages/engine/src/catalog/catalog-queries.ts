import { DIR, type CatalogData, type NamePool } from './catalog-data.js';
import { globMatches, isGlob, longestLiteral } from './name-match.js';
import { sortPositionsByKey } from './radix-sort.js';

export type CatalogSort = 'name' | 'size' | 'mtime' | 'type';

/**
 * Child orders for the non-name sorts, as positions into the directory's name-ordered children range.
 * Ties keep name order, so every order is total and pages never overlap. Orders of big directories are
 * cached (least recently used first out, bounded by total positions: 4 M = 16 MB) because a user pages
 * through the same directory and even a radix sort of 100 k entries costs milliseconds; small directories
 * are cheaper to sort than to keep.
 */
export class SortOrders {
  private readonly cache = new Map<number, Uint32Array>();
  private cached = 0;

  constructor(
    private readonly data: CatalogData,
    private readonly minCached = 1_000,
    private readonly budget = 4_000_000,
  ) {}

  get(dir: number, sort: Exclude<CatalogSort, 'name'>): Uint32Array {
    const key = dir * 4 + SORT_KEYS[sort];
    const hit = this.cache.get(key);
    if (hit !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const order = this.compute(dir, sort);
    if (order.length >= this.minCached && order.length <= this.budget) {
      this.cache.set(key, order);
      this.cached += order.length;
      for (const [oldKey, old] of this.cache) {
        if (this.cached <= this.budget) break;
        this.cache.delete(oldKey);
        this.cached -= old.length;
      }
    }
    return order;
  }

  private compute(dir: number, sort: Exclude<CatalogSort, 'name'>): Uint32Array {
    const { children, childStart, childCount, extra, type } = this.data;
    const slot = extra[dir]!;
    const start = childStart[slot]!;
    const count = childCount[slot]!;
    if (sort === 'type') {
      const order = new Uint32Array(count);
      // Three ranks: a stable counting sort, O(n).
      let at = 0;
      for (let rank = 0; rank < 3; rank++) {
        for (let k = 0; k < count; k++) if (type[children[start + k]!] === rank) order[at++] = k;
      }
      return order;
    }
    const column = sort === 'size' ? this.data.size : this.data.mtime;
    const keys = new Float64Array(count);
    for (let k = 0; k < count; k++) keys[k] = column[children[start + k]!]!;
    return sortPositionsByKey(keys);
  }
}

const SORT_KEYS = { size: 1, mtime: 2, type: 3 } as const;

/**
 * Marks the name slots that match `query`: a case-insensitive glob over the whole name when it has `*` or
 * `?`, else a case-insensitive substring. Matching runs over name slots (a copied subtree's names once) and
 * finds candidates with native indexOf over one string, so 1 M names take tens of milliseconds.
 */
export function matchingSlots(names: NamePool, query: string): Uint8Array {
  const slots = names.offsets.length - 1;
  const hits = new Uint8Array(slots);
  const q = query.toLowerCase();
  if (q.includes('/')) return hits; // no name contains '/'
  const glob = isGlob(q);
  const literal = glob ? longestLiteral(q) : q;
  const { text, offsets } = names;
  const end = (slot: number) => offsets[slot + 1]! - 1;
  if (literal === '') {
    for (let slot = 0; slot < slots; slot++) if (globMatches(q, text, offsets[slot]!, end(slot))) hits[slot] = 1;
    return hits;
  }
  let slot = 0;
  for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, offsets[slot + 1]!)) {
    while (offsets[slot + 1]! <= at) slot++;
    if (!glob || globMatches(q, text, offsets[slot]!, end(slot))) hits[slot] = 1;
    if (slot + 1 >= slots) break;
  }
  return hits;
}

/** Binary search of a directory's name-ordered children; the first of equal display names wins. */
export function findChild(data: CatalogData, dir: number, name: string, nameOf: (index: number) => string): number {
  if (data.type[dir] !== DIR) return -1;
  const { children, childStart, childCount, extra } = data;
  const slot = extra[dir]!;
  const start = childStart[slot]!;
  const lower = name.toLowerCase();
  let lo = 0;
  let hi = childCount[slot]!;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const other = nameOf(children[start + mid]!);
    const otherLower = other.toLowerCase();
    const before = otherLower < lower || (otherLower === lower && other < name);
    if (before) lo = mid + 1;
    else hi = mid;
  }
  if (lo === childCount[slot]) return -1;
  const found = children[start + lo]!;
  return nameOf(found) === name ? found : -1;
}
