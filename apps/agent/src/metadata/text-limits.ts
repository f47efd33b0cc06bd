/**
 * The domain schema caps string lengths and array sizes; the machine may exceed them (very long mount
 * paths, hundreds of veth interfaces), so readers clip instead of letting the whole report be rejected.
 */
export function clip(value: string, max = 512): string {
  return value.length <= max ? value : value.slice(0, max);
}

export function clipList<T>(items: readonly T[], max: number): T[] {
  return items.slice(0, max);
}

/** Byte counts must be non-negative safe integers for the schema; anything odd becomes 0. */
export function byteCount(value: number | bigint): number {
  const n = typeof value === 'bigint' ? Number(value) : value;
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}
