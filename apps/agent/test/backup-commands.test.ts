import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '@cloud-backup/domain';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupJob, contentOf, listBackup, runJob } from './support/backup-fixtures';
import { startFakeBackupServer, type FakeBackupServer } from './support/fake-backup-server';
import { removeTempDirs, tempDir } from './support/temp-dirs';

let server: FakeBackupServer;
let root = '';
let dataDir = '';
let outside = '';
beforeEach(async () => {
  server = await startFakeBackupServer();
  root = tempDir('cmd-root-');
  dataDir = tempDir('cmd-data-');
  outside = tempDir('cmd-outside-');
  writeFileSync(path.join(root, 'existing.txt'), 'x');
});
afterEach(() => server.close());
afterAll(removeTempDirs);

const sh = (script: string, more: Partial<Command> = {}): Command => ({
  command: '/bin/sh',
  args: ['-c', script],
  workingDir: null,
  stopOnError: true,
  waitForFinish: true,
  ...more,
});

describe('pre- and post-commands', () => {
  it('runs the pre-command in the root before the scan, so the backup holds what it wrote', async () => {
    const job = backupJob({ preCommand: sh('echo "dumped at $(pwd)" > dump.sql; echo progress output') });
    const { outcome } = await runJob(server, job, { root, dataDir });
    if (outcome.status === 'failed') throw new Error(outcome.error);
    expect(outcome.status).toBe('completed');
    const nodes = await listBackup(server, outcome.rootTreeId);
    expect(contentOf(server, nodes.get('dump.sql')).toString()).toBe(`dumped at ${root}\n`);
    const preLines = server.backup(job.backupId).log.filter((l) => l.step === 'pre-command').map((l) => l.message);
    expect(preLines.join('\n')).toContain('progress output');
    expect(preLines.join('\n')).toContain('finished with exit code 0');
  });

  it('fails the backup with the command, its exit code and output when stopOnError; the post-command still runs', async () => {
    const marker = path.join(outside, 'post-ran');
    const job = backupJob({
      preCommand: sh('echo starting; echo "boom: disk not frozen" >&2; exit 1'),
      postCommand: sh(`echo thawed > ${marker}`),
    });
    const { outcome } = await runJob(server, job, { root, dataDir });
    expect(outcome.status).toBe('failed');
    const record = server.backup(job.backupId);
    expect(record.commit).toBeNull();
    expect(record.fail?.error).toMatch(/^pre-command \/bin\/sh -c .* failed with exit code 1\. Last output:\nstarting\nboom: disk not frozen$/);
    expect(readFileSync(marker, 'utf8')).toBe('thawed\n');
    expect(record.log.some((l) => l.step === 'post-command')).toBe(true);
  });

  it('goes on with a warning when the command fails without stopOnError', async () => {
    const job = backupJob({ preCommand: sh('exit 3', { stopOnError: false }) });
    const { outcome } = await runJob(server, job, { root, dataDir });
    expect(outcome.status).toBe('completed_with_warnings');
    expect(server.backup(job.backupId).commit?.warnings).toEqual([{ path: expect.stringContaining('/bin/sh'), message: 'pre-command failed with exit code 3' }]);
  });

  it('runs the post-command after the commit', async () => {
    const committed = path.join(outside, 'committed');
    const seen = path.join(outside, 'seen');
    server.onCommit = () => writeFileSync(committed, 'yes');
    const job = backupJob({ postCommand: sh(`cat ${committed} > ${seen}`) });
    const { outcome, logs } = await runJob(server, job, { root, dataDir });
    expect(outcome.status).toBe('completed');
    expect(readFileSync(seen, 'utf8')).toBe('yes');
    expect(logs.some((l) => l.includes('[post-command] /bin/sh') && l.includes('exit code 0'))).toBe(true);
  });

  it('does not wait for a command with waitForFinish off', async () => {
    const late = path.join(outside, 'late');
    const job = backupJob({ preCommand: sh(`sleep 1; echo late > ${late}`, { waitForFinish: false }) });
    const { outcome } = await runJob(server, job, { root, dataDir });
    expect(outcome.status).toBe('completed');
    expect(existsSync(late)).toBe(false);
  });

  it('refuses a working folder outside the root, and a command that does not exist', async () => {
    const escape = backupJob({ preCommand: sh('true', { workingDir: '/../..' }) });
    expect((await runJob(server, escape, { root, dataDir })).outcome).toEqual({
      status: 'failed',
      error: expect.stringContaining("working folder /../.. is outside the agent's root"),
    });
    const missing = backupJob({ preCommand: { ...sh(''), command: 'no-such-command-here', args: [] } });
    expect((await runJob(server, missing, { root, dataDir })).outcome).toEqual({
      status: 'failed',
      error: expect.stringMatching(/^pre-command no-such-command-here could not start: .*ENOENT/),
    });
  });

  it('kills a running pre-command when the server cancels the backup', async () => {
    const job = backupJob({ preCommand: sh('sleep 30') });
    let reports = 0;
    server.onProgress = () => {
      // The first report opens the phase; the second comes while the command runs.
      if (++reports === 2) server.backup(job.backupId).cancel = true;
    };
    const started = Date.now();
    const { outcome } = await runJob(server, job, { root, dataDir });
    expect(outcome).toEqual({ status: 'failed', error: 'Cancelled' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.backup(job.backupId).fail?.error).toBe('Cancelled');
  });

  it('does not hang on a background process that keeps the output open', async () => {
    const job = backupJob({ preCommand: sh('sleep 3 & echo started') });
    const started = Date.now();
    const { outcome } = await runJob(server, job, { root, dataDir });
    expect(outcome.status).toBe('completed');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(server.backup(job.backupId).log.some((l) => l.step === 'pre-command' && l.message.includes('started'))).toBe(true);
  });

  it('runs in a working folder inside the root', async () => {
    const job = backupJob({ preCommand: sh('pwd > here.txt', { workingDir: '/' }) });
    const { outcome } = await runJob(server, job, { root, dataDir });
    if (outcome.status === 'failed') throw new Error(outcome.error);
    expect(readFileSync(path.join(root, 'here.txt'), 'utf8')).toBe(`${root}\n`);
  });
});
