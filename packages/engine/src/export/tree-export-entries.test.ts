import { mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Repository } from '../repository/repository.js';
import { BlobNotFoundError } from '../repository/repository-errors.js';
import { dataBlob, treeBlob } from '../repository/test-fixtures.js';
import { MemoryStore } from '../store/memory.store.js';
import type { TreeNode } from '../tree/tree-codec.js';
import type { ExportEntry } from './export-entry.js';
import { run, writeArchive } from './export-fixtures.js';
import { tarStream } from './tar-stream.js';
import { nodeExportEntries, treeExportEntries } from './tree-export-entries.js';

const meta = { mode: 0o644, mtimeMs: 1_700_000_000_000, uid: 0, gid: 0 };

describe('exporting a backup folder', () => {
  it('walks a tree depth-first and streams content chunk by chunk from the repository', async () => {
    const repo = await Repository.open(new MemoryStore());
    const [c1, c2, c3] = ['first chunk, ', 'second chunk', 'other file'].map((s) => dataBlob(Buffer.from(s)));
    const inner = treeBlob([{ ...meta, name: 'b.txt', type: 'file', size: 10, content: [c3!.id] }]);
    const folder = treeBlob([
      { ...meta, name: 'a.txt', type: 'file', size: 25, content: [c1!.id, c2!.id] },
      { ...meta, name: 'sub', type: 'dir', mode: 0o700, size: 0, subtree: inner.id },
      { ...meta, name: 'ln', type: 'symlink', mode: 0o777, size: 5, target: 'a.txt' },
    ]);
    await repo.writePack([c1!, c2!, c3!, inner, folder], 'off');
    const node: TreeNode = { ...meta, name: 'folder', type: 'dir', mode: 0o755, size: 0, subtree: folder.id };

    const entries: ExportEntry[] = [];
    for await (const entry of nodeExportEntries(node, repo)) entries.push(entry);
    expect(entries.map((e) => [e.path, e.type])).toEqual([
      ['folder', 'dir'],
      ['folder/a.txt', 'file'],
      ['folder/ln', 'symlink'],
      ['folder/sub', 'dir'],
      ['folder/sub/b.txt', 'file'],
    ]);
    const pieces: string[] = [];
    for await (const chunk of entries[1]!.content!()) pieces.push(Buffer.from(chunk).toString());
    expect(pieces).toEqual(['first chunk, ', 'second chunk']);

    const dir = await mkdtemp(join(tmpdir(), 'engine-export-'));
    try {
      await writeArchive(tarStream(nodeExportEntries(node, repo, 'download')), join(dir, 'x.tar'));
      await run('tar', ['-x', '-f', join(dir, 'x.tar'), '-C', dir]);
      expect(await readFile(join(dir, 'download/a.txt'), 'utf8')).toBe('first chunk, second chunk');
      expect(await readFile(join(dir, 'download/sub/b.txt'), 'utf8')).toBe('other file');
      expect(await readlink(join(dir, 'download/ln'))).toBe('a.txt');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // A chunk that cannot be read fails the download (BlobNotFoundError from the repository).
    const missing: TreeNode = { ...meta, name: 'gone.bin', type: 'file', size: 3, content: [dataBlob(Buffer.from('xyz')).id] };
    const drain = async () => {
      for await (const _ of tarStream(nodeExportEntries(missing, repo)));
    };
    await expect(drain()).rejects.toThrow(BlobNotFoundError);

    const top: string[] = [];
    for await (const entry of treeExportEntries(folder.id, repo)) top.push(entry.path);
    expect(top).toEqual(['a.txt', 'ln', 'sub', 'sub/b.txt']);
  });
});
