/**
 * The storage interface. It is deliberately what an S3-compatible bucket offers — '/'-separated keys,
 * whole-object puts, ranged gets, prefix listing — so a remote store can be added without touching the
 * repository. Local stores must make `put` atomic and durable, which S3 gives for free.
 */
export interface ObjectStore {
  /** Atomic and durable once it resolves; readers see the old object or the whole new one. Overwrite allowed. */
  put(key: string, data: Buffer): Promise<void>;
  /** Throws ObjectNotFoundError. */
  get(key: string): Promise<Buffer>;
  /** Exactly `length` bytes from `offset`; throws ObjectNotFoundError, or RangeError past the end. */
  getRange(key: string, offset: number, length: number): Promise<Buffer>;
  has(key: string): Promise<boolean>;
  /** Every key starting with `prefix` (a plain string prefix, as in S3), in no particular order. */
  list(prefix: string): AsyncGenerator<{ key: string; size: number }>;
  /** Idempotent: deleting a missing key succeeds. Durable once it resolves. */
  delete(key: string): Promise<void>;
}

export class ObjectNotFoundError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`object not found: ${key}`);
    this.name = 'ObjectNotFoundError';
    this.key = key;
  }
}

export class InvalidKeyError extends Error {
  readonly key: string;
  constructor(key: string, why: string) {
    super(`invalid object key ${JSON.stringify(key)}: ${why}`);
    this.name = 'InvalidKeyError';
    this.key = key;
  }
}

/** Segments starting with this are the local store's in-flight temp files; no key may use it. */
export const TEMP_PREFIX = '.tmp-';

/**
 * Keys map onto file paths in the local store, so anything that could escape the root or alias another key
 * is refused: empty, '.', '..' and absolute segments, NUL and backslash, over-long segments.
 */
export function assertValidKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidKeyError(String(key), 'empty');
  if (key.length > 1024) throw new InvalidKeyError(key, 'longer than 1024 characters');
  if (key.includes('\0') || key.includes('\\')) throw new InvalidKeyError(key, 'contains NUL or backslash');
  if (key.startsWith('/')) throw new InvalidKeyError(key, 'absolute');
  for (const segment of key.split('/')) {
    if (segment === '') throw new InvalidKeyError(key, 'empty segment');
    if (segment === '.' || segment === '..') throw new InvalidKeyError(key, `'${segment}' segment`);
    if (segment.startsWith(TEMP_PREFIX)) throw new InvalidKeyError(key, `segment uses the reserved ${TEMP_PREFIX} prefix`);
    if (Buffer.byteLength(segment) > 255) throw new InvalidKeyError(key, 'segment longer than 255 bytes');
  }
}

export function assertValidRange(key: string, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`bad range ${offset}+${length} for ${key}`);
  }
}
