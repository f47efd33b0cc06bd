import { walkTree, decodeTree, type Repository } from '@cloud-backup/engine';
import type { VerifyResult } from '@cloud-backup/domain';
import type { BackupsRepository } from '../repositories/backups.repository';
import type { FoldersRepository } from '../repositories/folders.repository';
import type { RepositoryRegistry } from '../storage/repository-registry';
import type { OperationsService } from './operations.service';

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** Garbage collection and verification of a folder's repository, each as an operation. */
export class RepositoryMaintenance {
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly registry: RepositoryRegistry,
    private readonly backups: BackupsRepository,
    private readonly operations: OperationsService,
    private readonly folders: FoldersRepository,
  ) {}

  /** Resolves when every maintenance task started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private track(task: Promise<unknown>): void {
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  /**
   * Runs a garbage collection as its own `gc` operation, started by the operation that made data
   * unreferenced (a deletion, a retention pass); that one finishes with the collection's outcome.
   */
  collectGarbage(folderId: string, operationId: string): void {
    const folderName = this.folders.findById(folderId)?.name ?? folderId;
    const gc = this.operations.create({ folderId, type: 'gc', target: { kind: 'folder', id: folderId, name: folderName }, actor: { type: 'system' }, status: 'running' });
    this.operations.log(folderId, operationId, 'gc', `Garbage collection runs as operation ${gc.id}`);
    this.operations.log(folderId, gc.id, 'gc', `Removing data no backup of folder ${folderName} references`);
    const finish = (status: 'succeeded' | 'failed', message: string) => {
      for (const id of [gc.id, operationId]) {
        this.operations.log(folderId, id, 'gc', message, status === 'failed' ? 'error' : 'info');
        this.operations.finish(folderId, id, status, message);
      }
    };
    this.track(
      (async () => {
        try {
          const result = await this.registry.exclusive(folderId, (repo) => {
            const roots = this.backups.committed(folderId).map((b) => b.rootTreeId!);
            // Rewrite packs that are more than 20 % dead: deleted backups should free their space, not leave it
            // stranded in packs shared with live data (restic's prune is stricter still, at 5 %).
            return repo.gc({ roots, protect: this.registry.protectedIds(), rewriteThreshold: 0.8 });
          });
          finish('succeeded', `Freed ${formatBytes(result.freedBytes)}: ${result.deletedPacks} pack(s) deleted, ${result.rewrittenPacks} rewritten; ${formatBytes(result.liveBytes)} in use`);
        } catch (error) {
          finish('failed', `Garbage collection failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      })(),
    );
  }

  verify(folderId: string, operationId: string): void {
    this.track(
      (async () => {
        try {
          const repo = await this.registry.open(folderId);
          this.operations.log(folderId, operationId, 'verify', 'Re-reading every pack and checking every chunk hash');
          let lastPercent = -1;
          const outcome = await repo.verify((done, total) => {
            const percent = total ? Math.floor((done / total) * 100) : 100;
            if (percent !== lastPercent && percent % 5 === 0) {
              lastPercent = percent;
              this.operations.update(folderId, operationId, { progressPercent: percent });
            }
          });
          const result: VerifyResult = {
            checkedChunks: outcome.checkedBlobs,
            checkedBytes: outcome.checkedBytes,
            damaged: await this.impact(repo, folderId, outcome.damaged),
          };
          const summary = result.damaged.length
            ? `${result.damaged.length} damaged chunk(s) found in ${outcome.checkedBlobs} checked`
            : `Verified ${outcome.checkedBlobs} chunks (${formatBytes(outcome.checkedBytes)}): no damage found`;
          for (const d of result.damaged) {
            const where = d.backups.map((b) => `${b.backupId}: ${b.paths.join(', ') || '(tree data)'}`).join('; ');
            this.operations.log(folderId, operationId, 'verify', `Damaged chunk ${d.chunkId} in pack ${d.packId} affects ${where || 'no backup'}`, 'error');
          }
          this.operations.finish(folderId, operationId, result.damaged.length ? 'failed' : 'succeeded', summary, { verify: result });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          this.operations.finish(folderId, operationId, 'failed', `Verify failed: ${message}`);
        }
      })(),
    );
  }

  /** Which backups and files use each damaged chunk (a damaged tree affects its whole backup). */
  private async impact(repo: Repository, folderId: string, damaged: { blobId: string; packId: string }[]): Promise<VerifyResult['damaged']> {
    if (damaged.length === 0) return [];
    const bad = new Map(damaged.map((d) => [d.blobId, new Map<string, string[]>()]));
    for (const backup of this.backups.committed(folderId)) {
      const root = backup.rootTreeId!;
      if (bad.has(root)) bad.get(root)!.set(backup.id, []);
      await walkTree(
        root,
        async (id) => {
          if (bad.has(id)) return [];
          return decodeTree(await repo.readBlob(id));
        },
        (path, node) => {
          for (const id of [...(node.content ?? []), ...(node.subtree ? [node.subtree] : [])]) {
            const hit = bad.get(id);
            if (!hit) continue;
            const paths = hit.get(backup.id) ?? [];
            paths.push(path.startsWith('/') ? path : `/${path}`);
            hit.set(backup.id, paths);
          }
        },
      ).catch(() => undefined);
    }
    return damaged.map((d) => ({
      chunkId: d.blobId,
      packId: d.packId,
      backups: [...(bad.get(d.blobId) ?? new Map<string, string[]>())].map(([backupId, paths]) => ({ backupId, paths })),
    }));
  }
}
