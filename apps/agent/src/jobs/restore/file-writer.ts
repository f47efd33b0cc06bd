import type { RestoreNode } from '@cloud-backup/domain';
import type { TargetPath } from '../../target/target-path';
import { isJobEndingError } from '../job-errors';
import type { StepLog } from '../job-log';
import type { ChunkPipeline, ChunkReader } from './chunk-pipeline';
import type { DirState, DirTracker } from './dir-tracker';
import type { FileSyncer } from './file-syncer';
import { commitTempFile, discardTempFile, placeHardLink, writeTempFile, type PlacedFile, type TempFile } from './place-entry';
import type { RestoreProgressReporter } from './restore-progress.reporter';
import { reasonOf } from './restore-reasons';
import type { RestoreSummaryBuilder } from './restore-summary';

export interface FileTask {
  target: TargetPath;
  node: RestoreNode;
  /** Held for the task (see DirTracker) and released once the file is done, whatever the outcome. */
  parent: DirState | null;
  /** Opened when the walk queued the file; hard-link followers open theirs only if they must write. */
  reader: ChunkReader | null;
  linkRole: 'none' | 'first' | 'follower';
}

export interface FileWriterOptions {
  pipeline: ChunkPipeline;
  summary: RestoreSummaryBuilder;
  progress: RestoreProgressReporter;
  log: StepLog;
  dirs: DirTracker;
  asRoot: boolean;
  syncer: FileSyncer;
  /** Files written but not yet durable and named, at most (each holds a descriptor). */
  maxUnsettled: number;
  /** True once the job is ending: files not yet durable are then removed instead of named. */
  stopping: () => boolean;
  /** A job-ending error met while settling a file in the background. */
  onJobEnding: (error: unknown) => void;
}

/**
 * Writes the files the walk finds, and keeps hard links together: the first name of a link group that
 * is written becomes the group's file; the other names wait for a second round (`followers`), when every
 * first copy is settled, and are linked to it, or written like any file if it failed.
 *
 * A file is written by a writer (content and metadata under a temporary name), then settled in the
 * background: made durable (fsync) and only then renamed to its final name. The writer goes on with the
 * next file meanwhile, so many small files are being synced at once instead of one per writer.
 */
export class FileWriter {
  readonly followers: FileTask[] = [];
  private readonly linkGroupsSeen = new Set<number>();
  private readonly linkFirsts = new Map<number, PlacedFile | null>();
  private readonly settling = new Set<Promise<void>>();
  private readonly slotWaiters: (() => void)[] = [];

  constructor(private readonly o: FileWriterOptions) {}

  /** True when the task goes to the writers now (its chunks are queued); false when it waits as a follower. */
  admit(task: FileTask): boolean {
    const group = task.node.linkGroup;
    if (group !== undefined) {
      if (this.linkGroupsSeen.has(group)) {
        task.linkRole = 'follower';
        this.followers.push(task);
        return false;
      }
      this.linkGroupsSeen.add(group);
      task.linkRole = 'first';
    }
    task.reader = this.open(task.node);
    return true;
  }

  /**
   * Writes one file and hands it to the background to be settled; resolves once the writer may take the
   * next one. Per-file failures go to the summary, only job-ending errors are thrown.
   */
  async write(task: FileTask): Promise<void> {
    const { node, target } = task;
    const { progress, summary } = this.o;
    progress.counters.currentPath = target.display;
    let written = 0;
    const options = {
      asRoot: this.o.asRoot,
      identity: task.linkRole === 'first',
      check: () => progress.tick(),
      onBytes: (bytes: number) => {
        written += bytes;
        progress.counters.bytesDone += bytes;
      },
    };
    let temp: TempFile;
    try {
      progress.tick();
      if (task.linkRole === 'follower') {
        const first = node.linkGroup === undefined ? undefined : this.linkFirsts.get(node.linkGroup);
        if (!first || !(await placeHardLink(target, first))) task.reader = this.open(node);
        else {
          summary.restoredFiles++;
          summary.restoredBytes += node.size;
          this.done(task, written);
          return;
        }
      }
      temp = await writeTempFile(target, node, task.reader, options);
    } catch (error) {
      this.failed(task, error, written);
      return;
    }
    while (this.settling.size >= this.o.maxUnsettled) await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    const settled = this.settle(task, temp, written).finally(() => {
      this.settling.delete(settled);
      this.slotWaiters.shift()?.();
    });
    this.settling.add(settled);
  }

  /** Resolves once every file handed to the background is named or removed. */
  async idle(): Promise<void> {
    while (this.settling.size > 0) await Promise.allSettled([...this.settling]);
  }

  private async settle(task: FileTask, temp: TempFile, written: number): Promise<void> {
    const { node } = task;
    try {
      const keep = () => !this.o.stopping();
      const placed = keep() ? await commitTempFile(temp, (fd) => this.o.syncer.sync(fd), keep) : (await discardTempFile(temp), null);
      if (placed === null) {
        // The job is ending: files not named yet are given up, as a writer gives up the file at hand.
        this.done(task, written);
        return;
      }
      if (task.linkRole === 'first' && node.linkGroup !== undefined) this.linkFirsts.set(node.linkGroup, placed);
      this.o.summary.restoredFiles++;
      this.o.summary.restoredBytes += node.size;
      this.done(task, written);
    } catch (error) {
      try {
        this.failed(task, error, written);
      } catch (ending) {
        this.o.onJobEnding(ending);
      }
    }
  }

  /** Job-ending errors are thrown; anything else fails this file only. Either way the file is done. */
  private failed(task: FileTask, error: unknown, written: number): void {
    const { node, target } = task;
    task.reader?.close();
    try {
      if (isJobEndingError(error)) throw error;
      if (task.linkRole === 'first' && node.linkGroup !== undefined) this.linkFirsts.set(node.linkGroup, null);
      this.o.summary.fail(target.display, reasonOf(error));
      this.o.log.warn(target.display, reasonOf(error));
    } finally {
      this.done(task, written);
    }
  }

  private done(task: FileTask, written: number): void {
    // Skipped or failed bytes count as done too, so the ETA reaches zero at the end.
    this.o.progress.counters.filesDone++;
    this.o.progress.counters.bytesDone += task.node.size - written;
    this.o.dirs.release(task.parent);
  }

  private open(node: RestoreNode): ChunkReader | null {
    const content = node.content ?? [];
    return content.length > 0 ? this.o.pipeline.open(content, node.size) : null;
  }
}
