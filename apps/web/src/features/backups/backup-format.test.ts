import type { BackupProgress } from '@cloud-backup/domain';
import { describe, expect, it } from 'vitest';
import { formatBytesProgress, formatFilesProgress, formatPhase, progressPercent, runningLabel } from './backup-format';

const progress = (over: Partial<BackupProgress> = {}): BackupProgress => ({
  phase: 'reading',
  filesDone: 250,
  filesTotal: 1000,
  bytesDone: 1024 ** 3,
  bytesTotal: 4 * 1024 ** 3,
  bytesUploaded: 0,
  bytesPerSecond: 0,
  etaSeconds: null,
  currentPath: null,
  ...over,
});

describe('progressPercent', () => {
  it('measures by bytes when their total is known', () => {
    expect(progressPercent(progress())).toBe(25);
  });

  it('falls back to files, then to unknown while the scan is still counting', () => {
    expect(progressPercent(progress({ bytesTotal: null, filesDone: 10, filesTotal: 40 }))).toBe(25);
    expect(progressPercent(progress({ bytesTotal: null, filesTotal: null }))).toBeNull();
  });

  it('is complete when done or when there is nothing to read', () => {
    expect(progressPercent(progress({ phase: 'done', bytesDone: 0 }))).toBe(100);
    expect(progressPercent(progress({ bytesTotal: 0, filesTotal: 0, bytesDone: 0, filesDone: 0 }))).toBe(100);
  });

  it('never passes 100 when the totals were underestimated', () => {
    expect(progressPercent(progress({ bytesDone: 5 * 1024 ** 3 }))).toBe(100);
  });
});

describe('progress wording', () => {
  it('names phases in words', () => {
    expect(formatPhase('uploading')).toBe('Uploading new data');
    expect(formatPhase('pre_command')).toBe('Running the pre-backup command');
  });

  it('shows done of total, or only done while the total is unknown', () => {
    expect(formatFilesProgress(progress({ filesDone: 1234, filesTotal: 5000 }))).toBe('1,234 of 5,000');
    expect(formatFilesProgress(progress({ filesDone: 1234, filesTotal: null }))).toBe('1,234');
    expect(formatBytesProgress(progress())).toBe('1.00 GiB of 4.00 GiB');
  });

  it('labels a running backup with its whole percent', () => {
    expect(runningLabel({ progress: progress({ bytesDone: 1.7 * 1024 ** 3 }) })).toBe('Running 42%');
    expect(runningLabel({ progress: null })).toBe('Running');
  });
});
