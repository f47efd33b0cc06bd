import { createHash, randomBytes } from 'node:crypto';
import { MAX_MISSING_QUERY, decodePackUpload } from '@cloud-backup/domain';
import { describe, expect, it } from 'vitest';
import type { BackupJobApi } from '../src/jobs/job-api';
import { JobCancelledError } from '../src/jobs/job-errors';
import { JobLog } from '../src/jobs/job-log';
import { ProgressReporter } from '../src/jobs/progress.reporter';
import { BlobUploader } from '../src/jobs/steps/blob-uploader';
import { FileFilter, compileMask } from '../src/jobs/steps/file-mask.matcher';
import { parsePseudoMountPoints } from '../src/jobs/steps/pseudo-mounts.reader';
import { isInsideRoot, rootRelativeComponents } from '../src/jobs/steps/root-paths';
import { normalizeSources } from '../src/jobs/steps/scan.step';
import { OutputTail } from '../src/jobs/steps/output-tail';

describe('file masks', () => {
  it.each([
    ['*.log', 'syslog.LOG', true],
    ['*.log', 'syslog.log.1', false],
    ['?.txt', 'a.txt', true],
    ['?.txt', 'ab.txt', false],
    ['/var/cache/*', '/var/cache/apt/x', true],
    ['a+b(1).[x]', 'A+B(1).[X]', true],
    ['*', 'line\nbreak', true],
    ['ÉTÉ*', 'été.doc', true],
  ])('%s against %j → %s', (mask, subject, expected) => {
    expect(compileMask(mask).test(subject)).toBe(expected);
  });

  it('tries the name and the root path; exclusion wins; inclusion only restricts files', () => {
    const filter = new FileFilter({ exclusionMasks: ['*.tmp', '/home/*/cache', ' '], inclusionMasks: ['*.doc*', '/docs/*'] });
    expect(filter.isExcluded('x.tmp', '/a/x.tmp')).toBe(true);
    expect(filter.isExcluded('cache', '/home/bob/cache')).toBe(true);
    expect(filter.isExcluded('cache', '/srv/cache')).toBe(false);
    expect(filter.isIncluded('report.docx', '/a/report.docx')).toBe(true);
    expect(filter.isIncluded('report.pdf', '/docs/2024/report.pdf')).toBe(true); // the path matches /docs/*
    expect(filter.isIncluded('report.pdf', '/a/report.pdf')).toBe(false);
    expect(new FileFilter({ exclusionMasks: [], inclusionMasks: [] }).isIncluded('any', '/any')).toBe(true);
  });
});

describe('paths inside the root', () => {
  it('resolves . and .. lexically and refuses climbing out', () => {
    expect(rootRelativeComponents('/')).toEqual([]);
    expect(rootRelativeComponents('/etc//ssh/./')).toEqual(['etc', 'ssh']);
    expect(rootRelativeComponents('home/a/../b')).toEqual(['home', 'b']);
    expect(rootRelativeComponents('/a/../..')).toBeNull();
    expect(rootRelativeComponents('..')).toBeNull();
  });

  it('drops sources inside other sources', () => {
    expect(normalizeSources(['/etc/ssh', '/etc', '/home/a', '/home/ab', '/etc'])).toEqual([['etc'], ['home', 'a'], ['home', 'ab']]);
    expect(normalizeSources(['/var', '/'])).toEqual([[]]);
  });

  it('tells inside from outside', () => {
    expect(isInsideRoot('/srv/root', '/srv/root')).toBe(true);
    expect(isInsideRoot('/srv/root', '/srv/root/a')).toBe(true);
    expect(isInsideRoot('/srv/root', '/srv/rootx')).toBe(false);
    expect(isInsideRoot('/srv/root', '/srv')).toBe(false);
    expect(isInsideRoot('/', '/anything')).toBe(true);
  });
});

describe('pseudo mounts', () => {
  it('keeps proc, sysfs, cgroup* and the like; not tmpfs or real disks; decodes escapes', () => {
    const text = [
      'proc /proc proc rw 0 0',
      'sysfs /sys sysfs rw 0 0',
      'cgroup2 /sys/fs/cgroup cgroup2 rw 0 0',
      'cgroup /x/cg\\040v1 cgroup rw 0 0',
      'tmpfs /tmp tmpfs rw 0 0',
      '/dev/vda / ext4 rw 0 0',
      'devtmpfs /srv/r\u00c3\u00a9/dev devtmpfs rw 0 0',
    ].join('\n');
    expect([...parsePseudoMountPoints(text)]).toEqual(['/proc', '/sys', '/sys/fs/cgroup', '/x/cg v1', '/srv/r\u00c3\u00a9/dev']);
  });
});

describe('command output', () => {
  it('keeps the last lines within a bound', () => {
    const tail = new OutputTail(100);
    for (let i = 0; i < 1000; i++) tail.append(`line ${i}\n`);
    expect(tail.last(2)).toBe('…\nline 998\nline 999');
  });
});

function fakeApi(present: Set<string> = new Set()) {
  const calls = { missing: [] as number[], packs: [] as number[] };
  const api: BackupJobApi = {
    missing: async (ids) => {
      calls.missing.push(ids.length);
      expect(ids.length).toBeLessThanOrEqual(MAX_MISSING_QUERY);
      return ids.filter((id) => !present.has(id));
    },
    uploadPack: async (body) => {
      calls.packs.push(body.length);
      for (const blob of decodePackUpload(body)) {
        expect(createHash('sha256').update(blob.data).digest('hex')).toBe(blob.id);
        present.add(blob.id);
      }
      return { storedBlobs: 0, storedBytes: 0 };
    },
    progress: async () => ({ cancel: false }),
    commit: async () => {},
    fail: async () => {},
  };
  return { api, calls, present };
}

const blob = (data: Buffer) => ({ id: createHash('sha256').update(data).digest('hex'), type: 'data' as const, data });

describe('BlobUploader', () => {
  it('batches by bytes, uploads only what is missing, and never twice', async () => {
    const known = blob(randomBytes(1000));
    const { api, calls } = fakeApi(new Set([known.id]));
    const uploader = new BlobUploader(api, () => {}, 4 * 1024 * 1024);
    const big = Array.from({ length: 10 }, () => blob(randomBytes(1024 * 1024)));
    for (const b of [known, ...big, ...big]) await uploader.add(b);
    await uploader.flush();
    expect(uploader.stats.blobsUploaded).toBe(10);
    expect(calls.packs.every((n) => n < 6 * 1024 * 1024)).toBe(true);
    expect(calls.missing).toEqual([5, 4, 2]);
  });

  it('asks about at most 10 000 ids at a time', async () => {
    const { api, calls } = fakeApi();
    const uploader = new BlobUploader(api);
    for (let i = 0; i < 25_000; i++) await uploader.add(blob(Buffer.from(`tiny ${i}`)));
    await uploader.flush();
    expect(calls.missing).toEqual([10_000, 10_000, 5000]);
    const lacking = await uploader.lacking([blob(Buffer.from('tiny 1')).id, blob(Buffer.from('never sent')).id]);
    expect([...lacking]).toEqual([blob(Buffer.from('never sent')).id]);
  });

  it('copies a small view of a big read buffer unless the chunk is expected to be known already', async () => {
    const window = randomBytes(1024 * 1024);
    const copied = blob(window.subarray(0, 1000));
    const kept = blob(window.subarray(1000, 2000));
    const uploaded = new Map<string, Buffer>();
    const { api } = fakeApi();
    api.uploadPack = async (body) => {
      for (const b of decodePackUpload(body)) uploaded.set(b.id, Buffer.from(b.data));
      return { storedBlobs: 0, storedBytes: 0 };
    };
    const uploader = new BlobUploader(api);
    uploader.expect([kept.id]);
    await uploader.add(copied);
    await uploader.add(kept);
    // The reader reuses its buffer: only the copy still holds what was read.
    window.fill(0, 0, 2000);
    await uploader.flush();
    expect(createHash('sha256').update(uploaded.get(copied.id)!).digest('hex')).toBe(copied.id);
    expect(uploaded.get(kept.id)!.equals(Buffer.alloc(1000))).toBe(true);
  });

  it('fails the next add or flush when a batch failed', async () => {
    const { api } = fakeApi();
    api.uploadPack = async () => {
      throw new Error('disk full');
    };
    const uploader = new BlobUploader(api, () => {}, 10);
    await uploader.add(blob(Buffer.from('first batch')));
    await expect(uploader.flush()).rejects.toThrow('disk full');
  });
});

describe('ProgressReporter', () => {
  it('sends at most twice a second plus phase changes, computes a rate and ETA, and obeys cancel', async () => {
    let now = 0;
    const sent: number[] = [];
    let cancel = false;
    const log = new JobLog({ info: () => {} }, 'test');
    const reporter = new ProgressReporter({
      send: async (body) => {
        sent.push(body.progress.bytesDone);
        return { cancel };
      },
      log,
      signal: new AbortController().signal,
      now: () => now,
    });
    reporter.counters.bytesTotal = 1000;
    await reporter.setPhase('reading');
    for (let i = 1; i <= 40; i++) {
      now += 100;
      reporter.counters.bytesDone = i * 10;
      reporter.tick();
      await Promise.resolve();
    }
    expect(sent.length).toBeGreaterThanOrEqual(8);
    expect(sent.length).toBeLessThanOrEqual(10);
    const snapshot = reporter.snapshot();
    expect(snapshot.bytesPerSecond).toBeCloseTo(100, 0);
    expect(snapshot.etaSeconds).toBeCloseTo(6, 0);
    cancel = true;
    await expect(reporter.flush()).rejects.toBeInstanceOf(JobCancelledError);
  });
});
