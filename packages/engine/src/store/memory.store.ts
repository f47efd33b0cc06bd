import { assertValidKey, assertValidRange, ObjectNotFoundError, type ObjectStore } from './object-store.js';

/**
 * In-memory store: the second implementation that keeps the contract honest, and a fast store for tests.
 * Buffers are copied in and out so callers can never mutate stored objects (a real store could not either).
 */
export class MemoryStore implements ObjectStore {
  private readonly objects = new Map<string, Buffer>();

  async put(key: string, data: Buffer): Promise<void> {
    assertValidKey(key);
    this.objects.set(key, Buffer.from(data));
  }

  async get(key: string): Promise<Buffer> {
    return Buffer.from(this.require(key));
  }

  async getRange(key: string, offset: number, length: number): Promise<Buffer> {
    assertValidRange(key, offset, length);
    const data = this.require(key);
    if (offset + length > data.length) {
      throw new RangeError(`range ${offset}+${length} past the end of ${key} (${data.length} bytes)`);
    }
    return Buffer.from(data.subarray(offset, offset + length));
  }

  async has(key: string): Promise<boolean> {
    assertValidKey(key);
    return this.objects.has(key);
  }

  async *list(prefix: string): AsyncGenerator<{ key: string; size: number }> {
    // Snapshot first: deleting while listing (as GC does) must not disturb the iteration.
    const entries = [...this.objects].filter(([key]) => key.startsWith(prefix));
    for (const [key, data] of entries) yield { key, size: data.length };
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    this.objects.delete(key);
  }

  private require(key: string): Buffer {
    assertValidKey(key);
    const data = this.objects.get(key);
    if (data === undefined) throw new ObjectNotFoundError(key);
    return data;
  }
}
