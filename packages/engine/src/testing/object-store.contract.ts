import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidKeyError, ObjectNotFoundError, type ObjectStore } from '../store/object-store.js';
import { pseudoRandomBytes } from './test-data.js';

async function listKeys(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const { key } of store.list(prefix)) keys.push(key);
  return keys.sort();
}

/**
 * The behaviour every ObjectStore must have. One suite for all implementations, so the repository can
 * rely on exactly these rules whatever the backend.
 */
export function runObjectStoreContract(
  name: string,
  factory: () => Promise<{ store: ObjectStore; cleanup: () => Promise<void> }>,
): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let store: ObjectStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('gets back exactly what was put, and the stored copy is independent of the caller buffer', async () => {
      const data = Buffer.from('hello, backup');
      await store.put('a/b/c', data);
      data.fill(0);
      expect((await store.get('a/b/c')).toString()).toBe('hello, backup');
      const got = await store.get('a/b/c');
      got.fill(0);
      expect((await store.get('a/b/c')).toString()).toBe('hello, backup');
    });

    it('stores empty objects', async () => {
      await store.put('empty', Buffer.alloc(0));
      expect(await store.has('empty')).toBe(true);
      expect((await store.get('empty')).length).toBe(0);
    });

    it('overwrites an existing key', async () => {
      await store.put('k', Buffer.from('first version, longer'));
      await store.put('k', Buffer.from('second'));
      expect((await store.get('k')).toString()).toBe('second');
      expect(await listKeys(store, '')).toEqual(['k']);
    });

    it('reads ranges, and refuses ranges past the end', async () => {
      const data = pseudoRandomBytes(10_000, 7);
      await store.put('r', data);
      expect((await store.getRange('r', 0, 10)).equals(data.subarray(0, 10))).toBe(true);
      expect((await store.getRange('r', 1234, 5000)).equals(data.subarray(1234, 6234))).toBe(true);
      expect((await store.getRange('r', 9990, 10)).equals(data.subarray(9990))).toBe(true);
      expect((await store.getRange('r', 500, 0)).length).toBe(0);
      await expect(store.getRange('r', 9995, 10)).rejects.toBeInstanceOf(RangeError);
      await expect(store.getRange('r', -1, 10)).rejects.toBeInstanceOf(RangeError);
    });

    it('answers has() for present and absent keys', async () => {
      await store.put('x/y', Buffer.from('1'));
      expect(await store.has('x/y')).toBe(true);
      expect(await store.has('x/z')).toBe(false);
      expect(await store.has('x')).toBe(false); // a "directory" is not an object
    });

    it('lists by plain string prefix with sizes', async () => {
      await store.put('packs/ab/abc', Buffer.alloc(3));
      await store.put('packs/ab/abd', Buffer.alloc(4));
      await store.put('packs/cd/cde', Buffer.alloc(5));
      await store.put('index/abc', Buffer.alloc(6));
      await store.put('packsX', Buffer.alloc(1));
      expect(await listKeys(store, '')).toEqual(['index/abc', 'packs/ab/abc', 'packs/ab/abd', 'packs/cd/cde', 'packsX']);
      expect(await listKeys(store, 'packs/')).toEqual(['packs/ab/abc', 'packs/ab/abd', 'packs/cd/cde']);
      expect(await listKeys(store, 'packs')).toEqual(['packs/ab/abc', 'packs/ab/abd', 'packs/cd/cde', 'packsX']);
      expect(await listKeys(store, 'packs/ab/ab')).toEqual(['packs/ab/abc', 'packs/ab/abd']);
      expect(await listKeys(store, 'packs/a')).toEqual(['packs/ab/abc', 'packs/ab/abd']);
      expect(await listKeys(store, 'nothing/')).toEqual([]);
      const sizes: Record<string, number> = {};
      for await (const { key, size } of store.list('packs/')) sizes[key] = size;
      expect(sizes).toEqual({ 'packs/ab/abc': 3, 'packs/ab/abd': 4, 'packs/cd/cde': 5 });
    });

    it('deletes idempotently', async () => {
      await store.put('d/1', Buffer.from('x'));
      await store.delete('d/1');
      expect(await store.has('d/1')).toBe(false);
      await store.delete('d/1');
      await store.delete('never/existed');
      await expect(store.get('d/1')).rejects.toBeInstanceOf(ObjectNotFoundError);
    });

    it('throws ObjectNotFoundError for missing objects', async () => {
      await expect(store.get('missing')).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.getRange('missing/deeper', 0, 1)).rejects.toBeInstanceOf(ObjectNotFoundError);
      await store.put('dir/file', Buffer.from('x'));
      await expect(store.get('dir')).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.get('dir/file/below')).rejects.toBeInstanceOf(ObjectNotFoundError);
    });

    it('refuses bad keys on every operation', async () => {
      const bad = ['', '/abs', 'a//b', 'a/', '../x', 'a/../b', './a', 'a/.', 'nul\0byte', 'back\\slash', '.tmp-x', 'a/.tmp-1'];
      for (const key of bad) {
        await expect(store.put(key, Buffer.from('x')), key).rejects.toBeInstanceOf(InvalidKeyError);
        await expect(store.get(key), key).rejects.toBeInstanceOf(InvalidKeyError);
        await expect(store.getRange(key, 0, 1), key).rejects.toBeInstanceOf(InvalidKeyError);
        await expect(store.has(key), key).rejects.toBeInstanceOf(InvalidKeyError);
        await expect(store.delete(key), key).rejects.toBeInstanceOf(InvalidKeyError);
      }
      expect(await listKeys(store, '')).toEqual([]);
      expect(await listKeys(store, '../')).toEqual([]);
    });

    it('handles concurrent puts of different keys', async () => {
      const items = Array.from({ length: 40 }, (_, i) => ({ key: `c/${i % 4}/item-${i}`, data: pseudoRandomBytes(1000 + i, i + 1) }));
      await Promise.all(items.map(({ key, data }) => store.put(key, data)));
      expect(await listKeys(store, 'c/')).toEqual(items.map((i) => i.key).sort());
      for (const { key, data } of items) expect((await store.get(key)).equals(data)).toBe(true);
    });

    it('stores a large object (20 MiB) intact', async () => {
      const data = pseudoRandomBytes(20 * 1024 * 1024, 99);
      await store.put('big/object', data);
      expect((await store.get('big/object')).equals(data)).toBe(true);
      const tail = await store.getRange('big/object', data.length - 4096, 4096);
      expect(tail.equals(data.subarray(data.length - 4096))).toBe(true);
      for await (const { key, size } of store.list('big/')) expect({ key, size }).toEqual({ key: 'big/object', size: data.length });
    });

    it('can be listed while deleting (as GC does)', async () => {
      for (let i = 0; i < 20; i++) await store.put(`del/${i}`, Buffer.from([i]));
      let seen = 0;
      for await (const { key } of store.list('del/')) {
        await store.delete(key);
        seen++;
      }
      expect(seen).toBe(20);
      expect(await listKeys(store, 'del/')).toEqual([]);
    });
  });
}
