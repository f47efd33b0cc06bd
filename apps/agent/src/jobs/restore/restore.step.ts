import { readdir } from 'node:fs/promises';
import {
  UnsafePathError,
  joinUnderRoot,
  relativeComponents,
  type OverwriteMode,
  type RestoreItem,
  type RestoreNode,
} from '@cloud-backup/domain';
import { AgentApiError } from '../../api/agent-api.errors';
import {
  CHAIN_PROBLEM_TEXT,
  childTarget,
  lstatOrNull,
  rootTarget,
  safeNameBytes,
  walkDirChain,
  type TargetPath,
} from '../../target/target-path';
import { isTerminalApiError } from '../backup.job';
import { describeError, isJobEndingError } from '../job-errors';
import type { StepLog } from '../job-log';
import { ChunkPipeline, type ChunkPipelineOptions } from './chunk-pipeline';
import { DirTracker, type DirState } from './dir-tracker';
import { FileSyncer } from './file-syncer';
import { FileWriter, type FileTask } from './file-writer';
import { decide, existingOf, type Existing } from './overwrite.rules';
import { applyDirMetadata, makeDir, placeSymlink } from './place-entry';
import type { RestoreJobApi } from './restore-api';
import { NOTHING_UNDER, reasonOf } from './restore-reasons';
import type { RestoreProgressReporter } from './restore-progress.reporter';
import type { RestoreSummaryBuilder } from './restore-summary';
import { TaskQueue } from './task-queue';
import { TreeLoader } from './tree-loader';

export interface RestoreStepOptions {
  items: readonly RestoreItem[];
  overwrite: OverwriteMode;
  /** The agent's root, resolved (realpath): every host path is built under it. */
  realRoot: string;
  api: RestoreJobApi;
  log: StepLog;
  progress: RestoreProgressReporter;
  summary: RestoreSummaryBuilder;
  /** Aborted when the job must stop (cancel, agent stopping); `progress.check()` says why. */
  signal: AbortSignal;
  /** Called with the first error that ends the job, so the job can cut its server calls short. */
  onJobEnding: (error: unknown) => void;
  asRoot: boolean;
  writers?: number;
  pipeline?: Omit<ChunkPipelineOptions, 'fetch'>;
}

const DEFAULT_WRITERS = 8;
const SYNC_CONCURRENCY = 3;
/** Files written and waiting for their fsync and rename (each holds a descriptor). */
const MAX_UNSETTLED = 256;
// Files waiting for a writer; their chunk ids are already queued, so this is how far fetching looks ahead.
const QUEUED_FILES = 2048;
const TREE_PREFETCH = 16;

/** The parts a node of its type cannot do without; a tree missing them is not restored from. */
function shapeProblem(node: RestoreNode): string | null {
  if (node.type === 'file' && node.content === undefined) return 'the backup holds no content list for this file';
  if (node.type === 'dir' && node.subtree === undefined) return 'the backup holds no listing for this folder';
  if (node.type === 'symlink' && node.target === undefined) return 'the backup holds no target for this link';
  return null;
}

function displayJoin(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/**
 * The `restore` step: walks every item's tree (folders and links are made as the walk meets them) and
 * hands files to a few writers, which write them from the chunk pipeline. One bad entry is reported in
 * the summary and the rest goes on; only errors that end the job (server gone, cancel, stop) stop it,
 * and then only after every writer has removed its temporary file.
 */
export async function restoreItems(o: RestoreStepOptions): Promise<void> {
  await new Restorer(o).run();
}

class Restorer {
  private readonly root: TargetPath;
  private readonly pipeline: ChunkPipeline;
  private readonly trees: TreeLoader;
  private readonly dirs: DirTracker;
  private queue = new TaskQueue<FileTask>(QUEUED_FILES);
  private readonly files: FileWriter;
  private failure: unknown = null;

  constructor(private readonly o: RestoreStepOptions) {
    this.root = rootTarget(o.realRoot);
    this.pipeline = new ChunkPipeline({ ...o.pipeline, fetch: (ids) => o.api.chunks(ids) });
    this.trees = new TreeLoader((id) => o.api.tree(id));
    this.dirs = new DirTracker((dir) => this.finalizeDir(dir));
    this.files = new FileWriter({
      pipeline: this.pipeline,
      summary: o.summary,
      progress: o.progress,
      log: o.log,
      dirs: this.dirs,
      asRoot: o.asRoot,
      syncer: new FileSyncer(SYNC_CONCURRENCY),
      maxUnsettled: MAX_UNSETTLED,
      stopping: () => this.failure !== null || o.signal.aborted,
      onJobEnding: (error) => this.stop(error),
    });
  }

  async run(): Promise<void> {
    const onAbort = () => {
      try {
        this.o.progress.check();
        this.stop(new Error('The restore was stopped'));
      } catch (error) {
        this.stop(error);
      }
    };
    this.o.signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.phase(async () => {
        for (const item of this.o.items) await this.restoreItem(item);
        this.pipeline.flush();
      }, this.queue);
      // Second copies of hard-linked files, now that every first copy is settled.
      if (this.files.followers.length > 0 && this.failure === null) {
        this.queue = new TaskQueue<FileTask>(QUEUED_FILES);
        const followers = this.files.followers.splice(0);
        await this.phase(async () => {
          for (const task of followers) await this.queue.push(task);
        }, this.queue);
      }
      if (this.failure === null) await this.dirs.idle();
    } finally {
      this.o.signal.removeEventListener('abort', onAbort);
      this.trees.clear();
    }
    if (this.failure !== null) throw this.failure;
    const s = this.pipeline.stats;
    this.o.log.info(
      `Fetched ${s.chunksReceived} chunks (${s.bytesReceived} bytes) in ${s.requests} requests and ${this.trees.requests} folder listings; ${s.cacheHits} chunks reused`,
    );
  }

  /** Runs `produce` (which fills `queue`) beside the writers, and waits for all of them to settle. */
  private async phase(produce: () => Promise<void>, queue: TaskQueue<FileTask>): Promise<void> {
    const writers = Array.from({ length: this.o.writers ?? DEFAULT_WRITERS }, () => this.writer(queue));
    try {
      await produce();
      queue.close();
    } catch (error) {
      this.stop(error);
    }
    // Every writer finishes or removes its temporary file before the job may report anything.
    await Promise.allSettled(writers);
    await this.files.idle();
  }

  /** The first job-ending error wins; everything waiting is woken so the job winds down quickly. */
  private stop(error: unknown): void {
    if (this.failure === null) {
      this.failure = error;
      this.o.onJobEnding(error);
    }
    const asError = error instanceof Error ? error : new Error(String(error));
    this.queue.abort(asError);
    this.pipeline.fail(asError);
  }

  private async writer(queue: TaskQueue<FileTask>): Promise<void> {
    for (;;) {
      const task = await queue.take();
      if (task === null) return;
      try {
        await this.files.write(task);
      } catch (error) {
        this.stop(error);
        return;
      }
    }
  }

  private async restoreItem(item: RestoreItem): Promise<void> {
    const shown = displayJoin(item.targetDir, item.node.name);
    let components: string[];
    let name: Buffer;
    try {
      components = relativeComponents(item.targetDir);
      name = safeNameBytes(item.node);
      joinUnderRoot(this.o.realRoot, [...components, item.node.name]);
    } catch (error) {
      if (!(error instanceof UnsafePathError)) throw error;
      return this.refuse(item.node, shown, reasonOf(error));
    }
    let chain: Awaited<ReturnType<typeof walkDirChain>>;
    try {
      chain = await walkDirChain(this.root, components, true);
    } catch (error) {
      if (isJobEndingError(error)) throw error;
      return this.refuse(item.node, shown, `its folder ${item.targetDir} could not be made: ${reasonOf(error)}`);
    }
    if (!chain.ok) return this.refuse(item.node, shown, `refused: ${chain.at} ${CHAIN_PROBLEM_TEXT[chain.problem]}`);
    await this.restoreNode(childTarget(chain.dir, name, item.node.name), item.node, null);
  }

  /** An entry not restored at all; files still count as done so progress reaches its total. */
  private refuse(node: RestoreNode, shown: string, reason: string, skipped = false): void {
    if (skipped) this.o.summary.skip(shown, reason);
    else {
      this.o.summary.fail(shown, node.type === 'dir' ? `${reason}; ${NOTHING_UNDER}` : reason);
      this.o.log.warn(shown, reason);
    }
    if (node.type !== 'dir') {
      this.o.progress.counters.filesDone++;
      this.o.progress.counters.bytesDone += node.type === 'file' ? node.size : 0;
    }
  }

  /** `mayExist`: false when the folder's listing showed the name absent, which saves an lstat per entry. */
  private async restoreNode(target: TargetPath, node: RestoreNode, parent: DirState | null, mayExist = true): Promise<void> {
    this.o.progress.tick();
    const shape = shapeProblem(node);
    if (shape) return this.refuse(node, target.display, shape);
    let existing: Existing | null;
    try {
      existing = mayExist ? existingOf(await lstatOrNull(target.abs)) : null;
    } catch (error) {
      if (isJobEndingError(error)) throw error;
      return this.refuse(node, target.display, reasonOf(error));
    }
    const decision = decide(node, existing, this.o.overwrite);
    if (decision.action === 'skip') return this.refuse(node, target.display, decision.reason, true);
    if (decision.action === 'fail') return this.refuse(node, target.display, decision.reason);
    if (node.type === 'dir') return this.restoreDir(target, node, parent, decision.action === 'create');
    if (node.type === 'symlink') return this.restoreSymlink(target, node);

    this.dirs.hold(parent);
    const task: FileTask = { target, node, parent, reader: null, linkRole: 'none' };
    if (!this.files.admit(task)) return;
    try {
      await this.queue.push(task);
    } catch (error) {
      task.reader?.close();
      throw error;
    }
  }

  private async restoreSymlink(target: TargetPath, node: RestoreNode): Promise<void> {
    this.o.progress.counters.currentPath = target.display;
    try {
      await placeSymlink(target, node, this.o.asRoot);
      this.o.summary.restoredFiles++;
      this.o.progress.counters.filesDone++;
    } catch (error) {
      if (isJobEndingError(error)) throw error;
      this.refuse(node, target.display, reasonOf(error));
    }
  }

  private async restoreDir(target: TargetPath, node: RestoreNode, parent: DirState | null, create: boolean): Promise<void> {
    this.o.progress.counters.currentPath = target.display;
    try {
      if (create) await makeDir(target);
    } catch (error) {
      if (isJobEndingError(error)) throw error;
      return this.refuse(node, target.display, reasonOf(error));
    }
    const state = this.dirs.enter(parent, target, node, create || this.o.overwrite === 'all');
    try {
      // A new folder is empty; an existing one is read once instead of looking up every name in it.
      const present = create ? new Set<string>() : await this.namesIn(target);
      let children: RestoreNode[];
      try {
        // No flush while waiting: the pipeline sends a partial request by itself when nothing else flies.
        children = await this.trees.get(node.subtree ?? '');
      } catch (error) {
        // A listing the server cannot give (damaged tree) fails this folder; a refused credential, a
        // server that cannot be reached or a stop still end the job.
        if (!(error instanceof AgentApiError) || isTerminalApiError(error) || this.o.signal.aborted) throw error;
        state.failed = true;
        this.o.summary.fail(target.display, `its listing could not be fetched: ${describeError(error)}; ${NOTHING_UNDER}`);
        this.o.log.warn(target.display, `its listing could not be fetched: ${describeError(error)}`);
        return;
      }
      for (const [i, child] of children.entries()) {
        this.trees.prefetch(
          children
            .slice(i, i + TREE_PREFETCH)
            .flatMap((c) => (c.type === 'dir' && c.subtree !== undefined ? [c.subtree] : [])),
        );
        let name: Buffer;
        try {
          name = safeNameBytes(child);
        } catch (error) {
          if (!(error instanceof UnsafePathError)) throw error;
          this.refuse(child, displayJoin(target.display, child.name), reasonOf(error));
          continue;
        }
        await this.restoreNode(childTarget(target, name, child.name), child, state, present?.has(name.toString('latin1')) ?? true);
      }
    } finally {
      this.dirs.release(state);
    }
  }

  /** Names in an existing folder (as latin1 keys, exact for any bytes), or null when it cannot be read. */
  private async namesIn(dir: TargetPath): Promise<Set<string> | null> {
    try {
      return new Set((await readdir(dir.abs, { encoding: 'buffer' })).map((n) => n.toString('latin1')));
    } catch {
      return null;
    }
  }

  private async finalizeDir(dir: DirState): Promise<void> {
    if (this.failure !== null || this.o.signal.aborted || dir.failed) return;
    try {
      if (dir.apply) await applyDirMetadata(dir.target, dir.node, this.o.asRoot);
      this.o.summary.restoredDirs++;
    } catch (error) {
      const reason = `its owner, mode or time could not be set: ${reasonOf(error)}`;
      this.o.summary.fail(dir.target.display, reason);
      this.o.log.warn(dir.target.display, reason);
    }
  }
}
