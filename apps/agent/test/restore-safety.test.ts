import { lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RestoreItem, RestoreNode } from '@cloud-backup/domain';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeRestoreServer, type FakeRestoreServer } from './support/fake-restore-server';
import { BackupBuilder, itemsIn, listTree, restoreJob, runRestore } from './support/restore-fixtures';
import { removeTempDirs, tempDir } from './support/temp-dirs';

let server: FakeRestoreServer;
let b: BackupBuilder;
let root = '';
/** Beside the root: nothing a restore does may ever land here. */
let sibling = '';
beforeEach(async () => {
  server = await startFakeRestoreServer();
  b = new BackupBuilder(server);
  const parent = tempDir('restore-safety-');
  root = path.join(parent, 'root');
  sibling = path.join(parent, 'sibling');
  mkdirSync(root);
  mkdirSync(sibling);
});
afterEach(() => {
  // Every case, whatever it checks, must leave the sibling folder empty.
  expect(listTree(sibling)).toEqual([]);
  return server.close();
});
afterAll(removeTempDirs);

async function summaryOf(items: RestoreItem[]) {
  const { outcome } = await runRestore(server, restoreJob(server, items), root);
  if (outcome.status === 'failed') return { failed: [{ path: '', reason: outcome.error }], restoredFiles: 0, failedCount: -1 };
  return outcome.summary;
}

const ok = () => b.file('ok.txt', 'fine');

describe('restore never writes outside its root', () => {
  it.each([
    ['/..', 'a . or .. component'],
    ['/../sibling', 'a . or .. component'],
    ['/a/../../sibling', 'a . or .. component'],
    ['//sibling', 'empty component'],
    ['sibling', 'must start with /'],
  ])('refuses the target folder %j', async (targetDir, why) => {
    const summary = await summaryOf([{ sourcePath: '/x', targetDir, node: b.file('x', 'escaped') }, ...itemsIn('/', [ok()])]);
    expect(summary.failed).toEqual([{ path: expect.any(String), reason: expect.stringContaining(why) }]);
    expect(summary.restoredFiles).toBe(1);
  });

  it.each<[string, Partial<RestoreNode>]>([
    ['..', {}],
    ['.', {}],
    ['../sibling/x', {}],
    ['/abs/path', {}],
    ['nul\0name', {}],
    ['looks-fine', { rawName: Buffer.from('../sibling/x').toString('base64') }],
    ['looks-fine', { rawName: Buffer.from('..').toString('base64') }],
    ['looks-fine', { rawName: Buffer.from([0x61, 0x00, 0x62]).toString('base64') }],
  ])('refuses an item named %j %j', async (name, extra) => {
    const summary = await summaryOf(itemsIn('/', [{ ...b.file('x', 'escaped'), name, ...extra }, ok()]));
    expect(summary.failed).toEqual([{ path: expect.any(String), reason: expect.stringMatching(/^refused: Unsafe path/) }]);
    expect(summary.restoredFiles).toBe(1);
    expect(listTree(root)).toEqual(['ok.txt']);
  });

  it('refuses unsafe names inside a folder listing, and restores the rest of the folder', async () => {
    const evil = b.dir('d', [
      { ...b.file('x', 'escaped'), name: '..' },
      { ...b.file('x', 'escaped'), name: '../../sibling/x' },
      { ...b.dir('x', [b.file('y', 'escaped')]), name: '/etc' },
      b.file('fine', 'fine'),
    ]);
    const summary = await summaryOf(itemsIn('/', [evil]));
    expect(summary.failed.map((f) => f.path)).toEqual(['/d/..', '/d/../../sibling/x', '/d//etc']);
    expect(listTree(root)).toEqual(['d', 'd/fine']);
  });

  it('refuses a target folder reached through a symbolic link, even one pointing inside the root', async () => {
    symlinkSync(sibling, path.join(root, 'out'));
    mkdirSync(path.join(root, 'real'));
    symlinkSync('real', path.join(root, 'in'));
    const summary = await summaryOf([
      ...itemsIn('/out', [b.file('x', 'escaped')]),
      ...itemsIn('/out/deeper', [b.dir('d', [b.file('y', 'escaped')])]),
      ...itemsIn('/in', [b.file('x', 'through a link')]),
      ...itemsIn('/', [ok()]),
    ]);
    expect(summary.failed).toEqual([
      { path: '/out/x', reason: 'refused: /out is a symbolic link; a symlink in the target path leads outside the root' },
      { path: '/out/deeper/d', reason: expect.stringContaining('refused: /out is a symbolic link') },
      { path: '/in/x', reason: 'refused: /in is a symbolic link; a symlink in the target path leads outside the root' },
    ]);
    expect(listTree(path.join(root, 'real'))).toEqual([]);
  });

  it('refuses a target folder that is a file', async () => {
    writeFileSync(path.join(root, 'file'), 'a file');
    const summary = await summaryOf([...itemsIn('/file/sub', [b.file('x', 'x')]), ...itemsIn('/', [ok()])]);
    expect(summary.failed).toEqual([{ path: '/file/sub/x', reason: 'refused: /file is not a folder' }]);
  });

  it('restores a link as a link, and never writes through it afterwards', async () => {
    const summary = await summaryOf([
      ...itemsIn('/', [b.symlink('esc', sibling), b.symlink('rel-esc', '../sibling')]),
      ...itemsIn('/esc', [b.file('x', 'escaped')]),
      ...itemsIn('/rel-esc', [b.file('x', 'escaped')]),
      // A folder of the backup whose name is now a link on the target: not followed, not replaced.
      ...itemsIn('/', [b.dir('esc', [b.file('y', 'escaped')])]),
    ]);
    expect(readlinkSync(path.join(root, 'esc'))).toBe(sibling);
    expect(readlinkSync(path.join(root, 'rel-esc'))).toBe('../sibling');
    expect(summary.failed.map((f) => [f.path, f.reason.slice(0, 40)])).toEqual([
      ['/esc/x', 'refused: /esc is a symbolic link; a syml'],
      ['/rel-esc/x', 'refused: /rel-esc is a symbolic link; a '],
      ['/esc', 'a symbolic link with this name is on the'],
    ]);
  });

  it('replaces a link that stands where a file goes by the file itself, never writing through it', async () => {
    writeFileSync(path.join(sibling, 'victim'), 'untouched');
    symlinkSync(path.join(sibling, 'victim'), path.join(root, 'f'));
    const summary = await summaryOf(itemsIn('/', [b.file('f', 'restored')]));
    expect(summary.restoredFiles).toBe(1);
    expect(lstatSync(path.join(root, 'f')).isFile()).toBe(true);
    expect(readFileSync(path.join(root, 'f'), 'utf8')).toBe('restored');
    expect(readFileSync(path.join(sibling, 'victim'), 'utf8')).toBe('untouched');
    // The afterEach check expects an empty sibling; this case put the victim there itself.
    rmSync(path.join(sibling, 'victim'));
  });
});
