import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupJob, contentOf, listBackup, runJob } from './support/backup-fixtures';
import { startFakeBackupServer, type FakeBackupServer } from './support/fake-backup-server';
import { removeTempDirs, tempDir } from './support/temp-dirs';

let server: FakeBackupServer;
let root = '';
let dataDir = '';
beforeEach(async () => {
  server = await startFakeBackupServer();
  root = tempDir('backup-root-');
  dataDir = tempDir('backup-data-');
});
afterEach(() => server.close());
afterAll(removeTempDirs);

const INVALID_NAME = Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x2e, 0x62, 0x69, 0x6e]); // "bad\xff\xfe.bin"
const hardContent = randomBytes(3 * 1024 * 1024);

/** The tree every case here starts from: nesting, empties, links of every kind, odd names, a FIFO. */
function makeTree(): void {
  mkdirSync(path.join(root, 'a/b/c'), { recursive: true });
  writeFileSync(path.join(root, 'a/b/c/deep.txt'), 'deep');
  writeFileSync(path.join(root, 'a/top.txt'), 'top');
  writeFileSync(path.join(root, 'empty.txt'), '');
  mkdirSync(path.join(root, 'empty-dir'));
  symlinkSync('a/b', path.join(root, 'link-inside'));
  symlinkSync('/etc/passwd', path.join(root, 'link-outside'));
  symlinkSync('/', path.join(root, 'link-to-host-root'));
  writeFileSync(path.join(root, 'hard-1.bin'), hardContent);
  linkSync(path.join(root, 'hard-1.bin'), path.join(root, 'a/hard-2.bin'));
  writeFileSync(path.join(root, 'résumé 日本.txt'), 'unicode');
  writeFileSync(path.join(root, 'line\nbreak.txt'), 'newline');
  writeFileSync(Buffer.concat([Buffer.from(`${root}/`), INVALID_NAME]), 'invalid utf-8');
  execFileSync('mkfifo', [path.join(root, 'a-fifo')]);
}

describe('backup job: what a tree becomes', () => {
  it('backs up files, folders, links and odd names; skips a FIFO with a warning', async () => {
    makeTree();
    const { outcome, logs } = await runJob(server, backupJob(), { root, dataDir });
    const record = server.backup(`bkp_${/bkp_(\d+)/.exec(logs[0] ?? '')?.[1]}`);
    expect(outcome.status).toBe('completed_with_warnings');
    if (outcome.status === 'failed') throw new Error(outcome.error);
    expect(record.commit?.warnings).toEqual([{ path: '/a-fifo', message: expect.stringContaining('FIFO') }]);

    const nodes = await listBackup(server, outcome.rootTreeId);
    expect(contentOf(server, nodes.get('a/b/c/deep.txt')).toString()).toBe('deep');
    expect(nodes.get('a/b/c')?.type).toBe('dir');
    expect(nodes.get('empty.txt')).toMatchObject({ type: 'file', size: 0, content: [] });
    expect(nodes.get('empty-dir')?.type).toBe('dir');
    expect([...nodes.keys()].filter((p) => p.startsWith('empty-dir/'))).toEqual([]);
    expect(nodes.get('link-inside')).toMatchObject({ type: 'symlink', target: 'a/b' });
    expect(nodes.get('link-outside')).toMatchObject({ type: 'symlink', target: '/etc/passwd' });
    expect(nodes.get('link-to-host-root')).toMatchObject({ type: 'symlink', target: '/' });
    // Never followed: nothing of the host's /etc or / is in the backup.
    expect([...nodes.keys()].some((p) => p.startsWith('link-'))).toBe(true);
    expect([...nodes.keys()].filter((p) => p.startsWith('link-') && p.includes('/'))).toEqual([]);
    expect(contentOf(server, nodes.get('résumé 日本.txt')).toString()).toBe('unicode');
    expect(contentOf(server, nodes.get('line\nbreak.txt')).toString()).toBe('newline');
    const invalid = [...nodes.values()].find((n) => n.rawName !== undefined);
    expect(Buffer.from(invalid?.rawName ?? '', 'base64')).toEqual(INVALID_NAME);
    expect(contentOf(server, invalid).toString()).toBe('invalid utf-8');
    expect(nodes.has('a-fifo')).toBe(false);

    const hard1 = nodes.get('hard-1.bin');
    const hard2 = nodes.get('a/hard-2.bin');
    expect(hard1?.linkGroup).toBeGreaterThan(0);
    expect(hard2?.linkGroup).toBe(hard1?.linkGroup);
    expect(hard2?.content).toEqual(hard1?.content);
    expect(contentOf(server, hard2).equals(hardContent)).toBe(true);
    // Stored once, and read once: the second name copies the first one's chunk list.
    const hardIds = new Set(hard1?.content);
    expect(record.uploadedBlobs.filter((b) => hardIds.has(b.id))).toHaveLength(hardIds.size);
    expect(logs.some((l) => /Read 7 files/.test(l))).toBe(true);

    const top = statSync(path.join(root, 'a/top.txt'));
    expect(nodes.get('a/top.txt')).toMatchObject({ mode: top.mode & 0o7777, mtimeMs: top.mtimeMs, uid: top.uid, gid: top.gid, size: 3 });
    // 8 regular files (two names of one inode) + 3 symbolic links; a, a/b, a/b/c, empty-dir.
    expect(record.commit).toMatchObject({ fileCount: 11, dirCount: 4, logicalBytes: 2 * hardContent.length + 34 });
    const steps = new Set(record.log.map((l) => l.step));
    expect([...steps].sort()).toEqual(['commit', 'job', 'read', 'scan', 'upload']);
    expect(record.progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['scanning', 'reading', 'uploading', 'committing']));
    const last = record.progress.at(-1);
    expect(last).toMatchObject({ filesDone: 8, filesTotal: 8, bytesTotal: 2 * hardContent.length + 34 });
  });

  it('lays several sources out as a path hierarchy', async () => {
    makeTree();
    mkdirSync(path.join(root, 'home/u'), { recursive: true });
    writeFileSync(path.join(root, 'home/u/notes'), 'n');
    writeFileSync(path.join(root, 'home/other'), 'not a source');
    const job = backupJob({ sources: ['/a/b/c', '/home/u/', 'home/u/../u', '/link-inside/c', '/missing'] });
    const { outcome } = await runJob(server, job, { root, dataDir });
    if (outcome.status === 'failed') throw new Error(outcome.error);
    const nodes = await listBackup(server, outcome.rootTreeId);
    expect([...nodes.keys()].sort()).toEqual(['a', 'a/b', 'a/b/c', 'a/b/c/deep.txt', 'home', 'home/u', 'home/u/notes']);
    expect(server.backup(job.backupId).commit?.warnings).toEqual([
      { path: '/missing', message: 'source does not exist' },
      { path: '/link-inside/c', message: expect.stringContaining('symbolic link') },
    ]);
  });

  it('refuses a source that climbs out of the root', async () => {
    const job = backupJob({ sources: ['/../etc'] });
    const { outcome } = await runJob(server, job, { root, dataDir });
    expect(outcome).toEqual({ status: 'failed', error: expect.stringMatching(/^scan: .*outside the agent's root/) });
    expect(server.backup(job.backupId).fail?.error).toMatch(/outside the agent's root/);
  });

  it('leaves out pseudo file systems, mounts of them, and the agent data folder', async () => {
    for (const dir of ['proc/1', 'sys/kernel', 'mnt/cgroup/x', 'srv/data']) mkdirSync(path.join(root, dir), { recursive: true });
    writeFileSync(path.join(root, 'proc/1/status'), 'pseudo');
    writeFileSync(path.join(root, 'mnt/cgroup/x/f'), 'pseudo');
    writeFileSync(path.join(root, 'srv/data/f'), 'real');
    const inner = path.join(root, 'srv/agent-data');
    mkdirSync(inner);
    writeFileSync(path.join(inner, 'agent.json'), '{"credential":"secret"}');
    const pseudoMountPoints = new Set([Buffer.from(path.join(root, 'mnt/cgroup')).toString('latin1')]);
    const { outcome } = await runJob(server, backupJob(), { root, dataDir: inner }, { pseudoMountPoints });
    if (outcome.status === 'failed') throw new Error(outcome.error);
    const paths = [...(await listBackup(server, outcome.rootTreeId)).keys()].sort();
    expect(paths).toEqual(['mnt', 'mnt/cgroup', 'proc', 'srv', 'srv/data', 'srv/data/f', 'sys']);

    const all = await runJob(server, backupJob({ skipPseudoFilesystems: false }), { root, dataDir: inner }, { pseudoMountPoints });
    if (all.outcome.status === 'failed') throw new Error(all.outcome.error);
    expect([...(await listBackup(server, all.outcome.rootTreeId)).keys()]).toEqual(expect.arrayContaining(['proc/1/status', 'mnt/cgroup/x/f']));
  });

  it('applies exclusion and inclusion masks to names and root paths; exclusion wins', async () => {
    mkdirSync(path.join(root, 'logs/old'), { recursive: true });
    mkdirSync(path.join(root, 'cache'), { recursive: true });
    for (const f of ['a.TXT', 'b.txt', 'c.log', 'logs/d.txt', 'logs/old/e.txt', 'cache/f.txt', 'keep.md', 'x1.txt']) {
      writeFileSync(path.join(root, f), f);
    }
    const job = backupJob({ fileFilters: { exclusionMasks: ['*.log', '/logs/old', 'CACHE', 'x?.txt'], inclusionMasks: ['*.txt'] } });
    const { outcome } = await runJob(server, job, { root, dataDir });
    if (outcome.status === 'failed') throw new Error(outcome.error);
    const files = [...(await listBackup(server, outcome.rootTreeId)).entries()].filter(([, n]) => n.type === 'file').map(([p]) => p);
    expect(files.sort()).toEqual(['a.TXT', 'b.txt', 'logs/d.txt']);
  });

  it('reports a file removed between scan and read as vanished and completes', async () => {
    writeFileSync(path.join(root, 'stays'), 'yes');
    writeFileSync(path.join(root, 'goes'), 'soon gone');
    // The agent reports the "reading" phase before it reads anything: the file goes right then.
    server.onProgress = (_id, progress) => {
      if (progress.phase !== 'reading') return;
      unlinkSync(path.join(root, 'goes'));
      server.onProgress = null;
    };
    const job = backupJob();
    const { outcome } = await runJob(server, job, { root, dataDir });
    if (outcome.status === 'failed') throw new Error(outcome.error);
    expect(outcome.status).toBe('completed_with_warnings');
    const record = server.backup(job.backupId);
    expect(record.commit?.warnings).toEqual([{ path: '/goes', message: expect.stringContaining('vanished') }]);
    expect([...(await listBackup(server, outcome.rootTreeId)).keys()]).toEqual(['stays']);
    expect(record.commit?.fileCount).toBe(1);
  });
});
