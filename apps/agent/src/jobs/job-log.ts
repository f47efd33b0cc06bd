import type { BackupWarning, OperationLogLine } from '@cloud-backup/domain';
import type { Logger } from '../log/logger';

export type BackupStepName = 'pre-command' | 'scan' | 'read' | 'upload' | 'commit' | 'post-command';
export type RestoreStepName = 'prepare' | 'restore' | 'finish';
export type StepName = BackupStepName | RestoreStepName | 'job';

// Contract limits (OperationLogLine.message, BackupWarning, CommitBackupRequest.warnings).
const MAX_MESSAGE = 8192;
const MAX_WARNING_PATH = 4096;
const MAX_WARNING_MESSAGE = 2048;
const MAX_WARNINGS = 10_000;
// A tree with a million unreadable files must not flood the operation log; warnings keep every path.
const MAX_WARNING_LINES_PER_STEP = 200;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export interface StepLog {
  readonly step: StepName;
  info(message: string): void;
  /** An operation-log warning that is not about one file (e.g. a command that failed without stopOnError). */
  warnLine(message: string): void;
  /** A backup warning about one path; it also appears in the operation log (up to a cap per step). */
  warn(path: string, message: string): void;
  error(message: string): void;
}

/**
 * The operation log of one job: lines wait here until a progress, commit or fail request carries them
 * to the server; every line is also written to the agent's own log so nothing is lost when the server
 * cannot be told.
 */
export class JobLog {
  private pending: OperationLogLine[] = [];
  readonly warnings: BackupWarning[] = [];
  private droppedWarnings = 0;
  private readonly warningLines = new Map<StepName, number>();

  constructor(
    private readonly logger: Logger,
    private readonly prefix: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  step(step: StepName): StepLog {
    return {
      step,
      info: (m) => this.add(step, 'info', m),
      warnLine: (m) => this.add(step, 'warning', m),
      warn: (path, m) => this.warn(step, path, m),
      error: (m) => this.add(step, 'error', m),
    };
  }

  private add(step: StepName, level: OperationLogLine['level'], message: string): void {
    this.logger.info(`${this.prefix} [${step}] ${level === 'info' ? '' : `${level}: `}${message}`);
    this.pending.push({ at: this.now().toISOString(), level, step, message: clip(message, MAX_MESSAGE) });
  }

  private warn(step: StepName, path: string, message: string): void {
    if (this.warnings.length < MAX_WARNINGS - 1) {
      this.warnings.push({ path: clip(path, MAX_WARNING_PATH), message: clip(message, MAX_WARNING_MESSAGE) });
    } else {
      this.droppedWarnings++;
    }
    const lines = this.warningLines.get(step) ?? 0;
    this.warningLines.set(step, lines + 1);
    if (lines < MAX_WARNING_LINES_PER_STEP) this.add(step, 'warning', `${path}: ${message}`);
    else if (lines === MAX_WARNING_LINES_PER_STEP) this.add(step, 'warning', 'More warnings follow; see the backup\'s warnings for every path');
  }

  /** Warnings for the commit; the last one says how many did not fit the contract's limit. */
  allWarnings(): BackupWarning[] {
    if (this.droppedWarnings === 0) return [...this.warnings];
    return [...this.warnings, { path: '', message: `${this.droppedWarnings} more warnings were not recorded` }];
  }

  hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Removes and returns up to `max` of the oldest unsent lines. */
  take(max: number): OperationLogLine[] {
    return this.pending.splice(0, max);
  }

  /** Puts lines back in front when the request that carried them failed. */
  restore(lines: OperationLogLine[]): void {
    this.pending.unshift(...lines);
  }
}
