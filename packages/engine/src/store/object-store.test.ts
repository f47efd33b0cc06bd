import { mkdtemp, readdir, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runObjectStoreContract } from '../testing/object-store.contract.js';
import { pseudoRandomBytes } from '../testing/test-data.js';
import { LocalDirectoryStore } from './local-directory.store.js';
import { MemoryStore } from './memory.store.js';

async function tempRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'engine-store-'));
}

runObjectStoreContract('LocalDirectoryStore', async () => {
  const root = await tempRoot();
  return { store: new LocalDirectoryStore(join(root, 'repo')), cleanup: () => rm(root, { recursive: true, force: true }) };
});

runObjectStoreContract('MemoryStore', async () => ({ store: new MemoryStore(), cleanup: async () => undefined }));

describe('LocalDirectoryStore crash safety', () => {
  let root: string;
  let store: LocalDirectoryStore;
  beforeEach(async () => {
    root = await tempRoot();
    store = new LocalDirectoryStore(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lays keys out as directories under the root', async () => {
    await store.put('packs/ab/abcdef', Buffer.from('p'));
    expect(await readdir(join(root, 'packs', 'ab'))).toEqual(['abcdef']);
  });

  it('ignores a temp file left by a crashed put, and cleanupTemp removes it', async () => {
    await store.put('packs/ab/abc', Buffer.from('done'));
    // What a put killed between write and rename leaves behind.
    await writeFile(join(root, 'packs', 'ab', '.tmp-0123456789abcdef'), 'half written');
    await mkdir(join(root, 'index'), { recursive: true });
    await writeFile(join(root, 'index', '.tmp-fedcba9876543210'), 'half');
    const keys: string[] = [];
    for await (const { key } of store.list('')) keys.push(key);
    expect(keys).toEqual(['packs/ab/abc']);

    // An age limit spares temp files that may belong to puts still running.
    expect(await store.cleanupTemp(60_000)).toBe(0);
    const old = new Date(Date.now() - 120_000);
    await utimes(join(root, 'index', '.tmp-fedcba9876543210'), old, old);
    expect(await store.cleanupTemp(60_000)).toBe(1);
    expect(await store.cleanupTemp()).toBe(1);
    expect(await readdir(join(root, 'packs', 'ab'))).toEqual(['abc']);
    expect(await readdir(join(root, 'index'))).toEqual([]);
    expect((await store.get('packs/ab/abc')).toString()).toBe('done');
  });

  it('never shows a half-written object: readers see the old or the whole new content', async () => {
    const oldData = pseudoRandomBytes(1024, 1);
    const newData = pseudoRandomBytes(48 * 1024 * 1024, 2);
    await store.put('big', oldData);
    let done = false;
    const put = store.put('big', newData).then(() => {
      done = true;
    });
    let sawTemp = false;
    let reads = 0;
    while (!done) {
      const entries = await readdir(root);
      if (entries.some((e) => e.startsWith('.tmp-'))) sawTemp = true;
      const got = await store.get('big');
      reads++;
      expect(got.equals(oldData) || got.equals(newData)).toBe(true);
    }
    await put;
    expect(reads).toBeGreaterThan(0);
    expect(sawTemp).toBe(true); // the bytes went to a temp name first, then were renamed
    expect((await store.get('big')).equals(newData)).toBe(true);
    expect((await readdir(root)).sort()).toEqual(['big']);
  });

  it('removes its temp file when a put fails', async () => {
    await store.put('dir/child', Buffer.from('x'));
    // The temp file is written, then rename onto an existing directory fails.
    await expect(store.put('dir', Buffer.from('a file where a directory is'))).rejects.toThrow();
    expect(await readdir(root)).toEqual(['dir']);
  });
});
