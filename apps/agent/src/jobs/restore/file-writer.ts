import type { RestoreNode } from '@cloud-backup/domain';
import type { TargetPath } from '../../target/target-path';
import { isJobEndingError } from '../job-errors';
import type { StepLog } from '../job-log';
import type { ChunkPipeline, ChunkReader } from './chunk-pipeline';
import type { DirState, DirTracker } from './dir-tracker';
import { placeHardLink, writeFileAtomically, type PlacedFile } from './place-entry';
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
}

/**
 * Writes the files the walk finds, and keeps hard links together: the first name of a link group that
 * is written becomes the group's file; the other names wait for a second round (`followers`), when every
 * first copy is settled, and are linked to it, or written like any file if it failed.
 */
export class FileWriter {
  readonly followers: FileTask[] = [];
  private readonly linkGroupsSeen = new Set<number>();
  private readonly linkFirsts = new Map<number, PlacedFile | null>();

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

  /** One file, start to end; per-file failures go to the summary, only job-ending errors are thrown. */
  async write(task: FileTask): Promise<void> {
    const { node, target } = task;
    const { progress, summary } = this.o;
    progress.counters.currentPath = target.display;
    let written = 0;
    const options = {
      asRoot: this.o.asRoot,
      check: () => progress.tick(),
      onBytes: (bytes: number) => {
        written += bytes;
        progress.counters.bytesDone += bytes;
      },
    };
    try {
      progress.tick();
      if (task.linkRole === 'follower') {
        const first = node.linkGroup === undefined ? undefined : this.linkFirsts.get(node.linkGroup);
        if (!first || !(await placeHardLink(target, first))) task.reader = this.open(node);
        else {
          summary.restoredFiles++;
          summary.restoredBytes += node.size;
          return;
        }
      }
      const placed = await writeFileAtomically(target, node, task.reader, options);
      if (task.linkRole === 'first' && node.linkGroup !== undefined) this.linkFirsts.set(node.linkGroup, placed);
      summary.restoredFiles++;
      summary.restoredBytes += node.size;
    } catch (error) {
      task.reader?.close();
      if (isJobEndingError(error)) throw error;
      if (task.linkRole === 'first' && node.linkGroup !== undefined) this.linkFirsts.set(node.linkGroup, null);
      summary.fail(target.display, reasonOf(error));
      this.o.log.warn(target.display, reasonOf(error));
    } finally {
      // Skipped or failed bytes count as done too, so the ETA reaches zero at the end.
      progress.counters.filesDone++;
      progress.counters.bytesDone += node.size - written;
      this.o.dirs.release(task.parent);
    }
  }

  private open(node: RestoreNode): ChunkReader | null {
    const content = node.content ?? [];
    return content.length > 0 ? this.o.pipeline.open(content, node.size) : null;
  }
}
