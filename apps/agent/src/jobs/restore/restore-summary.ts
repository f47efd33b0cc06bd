import type { RestoreOutcomeItem, RestoreSummary } from '@cloud-backup/domain';

// Contract limits (RestoreSummary, RestoreOutcomeItem).
const MAX_LISTED = 1000;
const MAX_PATH = 4096;
const MAX_REASON = 2048;

function clipEnd(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A deep path's end says the most, so paths lose their beginning rather than their name. */
function clipPath(path: string): string {
  return path.length <= MAX_PATH ? path : `…${path.slice(-(MAX_PATH - 1))}`;
}

/** What a restore did, as it happens: counts stay exact, the lists keep the first 1000 entries each. */
export class RestoreSummaryBuilder {
  restoredFiles = 0;
  restoredDirs = 0;
  restoredBytes = 0;
  private skippedCount = 0;
  private failedCount = 0;
  private readonly skippedList: RestoreOutcomeItem[] = [];
  private readonly failedList: RestoreOutcomeItem[] = [];

  skip(path: string, reason: string): void {
    this.skippedCount++;
    if (this.skippedList.length < MAX_LISTED) this.skippedList.push({ path: clipPath(path), reason: clipEnd(reason, MAX_REASON) });
  }

  fail(path: string, reason: string): void {
    this.failedCount++;
    if (this.failedList.length < MAX_LISTED) this.failedList.push({ path: clipPath(path), reason: clipEnd(reason, MAX_REASON) });
  }

  get failures(): number {
    return this.failedCount;
  }

  get firstFailure(): RestoreOutcomeItem | undefined {
    return this.failedList[0];
  }

  build(): RestoreSummary {
    return {
      restoredFiles: this.restoredFiles,
      restoredDirs: this.restoredDirs,
      restoredBytes: this.restoredBytes,
      skippedCount: this.skippedCount,
      failedCount: this.failedCount,
      skipped: [...this.skippedList],
      failed: [...this.failedList],
    };
  }
}
