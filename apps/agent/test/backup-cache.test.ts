import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachePath, formatCache, loadCache, parseCache, saveCache, type BackupCache } from '../src/jobs/backup-cache.store';
import { removeTempDirs, tempDir } from './support/temp-dirs';

afterAll(removeTempDirs);

const id = (c: string) => c.repeat(64);

function sample(): BackupCache {
  const files = new Map([
    ['/etc/passwd', { size: 1234, mtimeMs: 1_700_000_000_123.457, ctimeMs: 1_700_000_000_999.5, ino: 2 ** 40 + 3, content: [id('a')] }],
    ['/empty', { size: 0, mtimeMs: 0, ctimeMs: 1, ino: 7, content: [] }],
    ['/big file', { size: 9e9, mtimeMs: -5, ctimeMs: 2, ino: 8, content: [id('b'), id('c'), id('d')] }],
    ['/odd/line\nbreak', { size: 1, mtimeMs: 1, ctimeMs: 1, ino: 9, content: [id('e')] }],
    ['/odd/back\\slash\tand "tab"', { size: 1, mtimeMs: 1, ctimeMs: 1, ino: 10, content: [id('f')] }],
    ['/odd/\u0000//+/', { size: 1, mtimeMs: 1, ctimeMs: 1, ino: 11, content: [id('1')] }],
  ]);
  const dirs = new Map([
    ['/', { fp: 'Zm9v+/==', tree: id('2') }],
    ['/odd/\u0000//+/', { fp: 'YmFy', tree: id('3') }],
  ]);
  return { backupId: 'bak_123', files, dirs };
}

describe('the agent cache file', () => {
  it('reads back exactly what was written, odd keys and all', async () => {
    const dataDir = tempDir('cache-');
    await saveCache(dataDir, 'arc_1', sample());
    expect(await loadCache(dataDir, 'arc_1')).toEqual(sample());
    expect(parseCache(formatCache({ backupId: 'bak_0', files: new Map(), dirs: new Map() }))).toEqual({ backupId: 'bak_0', files: new Map(), dirs: new Map() });
  });

  it('replaces the cache file of older agents', async () => {
    const dataDir = tempDir('cache-');
    mkdirSync(path.join(dataDir, 'cache'));
    const legacy = path.join(dataDir, 'cache', 'arc_1.json');
    writeFileSync(legacy, JSON.stringify({ version: 1, backupId: 'bak_1', files: {} }));
    expect(await loadCache(dataDir, 'arc_1')).toBeNull();
    await saveCache(dataDir, 'arc_1', sample());
    expect((await import('node:fs')).existsSync(legacy)).toBe(false);
  });

  it('rejects a damaged file as a whole', async () => {
    const good = formatCache(sample());
    const bad = [
      '',
      good.slice(0, -1),
      good.slice(0, good.indexOf('\n', 40) + 5),
      good.replace('cloud-backup agent cache 2', 'cloud-backup agent cache 1'),
      good.replace(id('a'), id('A')),
      good.replace(id('b') + ',', id('b') + ',,'),
      good.replace('\t1234\t', '\t-1\t'),
      good.replace('\t1234\t', '\t12.5\t'),
      good.replace('\t1234\t', '\t\t'),
      good.replace('1700000000999.5', 'x'),
      good.replace('\t/etc/passwd\n', '\tetc/passwd\n'),
      good.replace(`\t${id('2')}\t`, '\tnope\t'),
      `${good}x\tsomething\n`,
    ];
    const dataDir = tempDir('cache-');
    mkdirSync(path.join(dataDir, 'cache'));
    for (const text of bad) {
      expect(() => parseCache(text)).toThrow();
      writeFileSync(cachePath(dataDir, 'arc_1'), text);
      expect(await loadCache(dataDir, 'arc_1')).toBeNull();
    }
  });
});
