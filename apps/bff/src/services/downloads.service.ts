import path from 'node:path/posix';
import { nodeExportEntries, tarStream, zipStream, type Repository, type TreeNode } from '@cloud-backup/engine';
import type { DownloadQuery } from '@cloud-backup/domain';
import { notFound } from '../lib/errors';
import type { RepositoryRegistry } from '../storage/repository-registry';
import type { Actor, AuditService } from './audit.service';
import type { CatalogService } from './catalog.service';
import { resolveNode } from './tree-paths';

export interface Download {
  filename: string;
  contentType: string;
  /** Known for single files; archives are streamed without a length. */
  length: number | null;
  body: AsyncIterable<Uint8Array>;
}

/** A file's bytes chunk by chunk; the repository checks every chunk against its id, so a damaged one ends the stream. */
async function* fileContent(repo: Repository, node: TreeNode): AsyncGenerator<Uint8Array> {
  for (const id of node.content ?? []) yield await repo.readBlob(id);
}

/** Downloads straight from a backup, without restoring first: one file, or a folder as tar or zip, streamed. */
export class DownloadsService {
  constructor(
    private readonly catalogs: CatalogService,
    private readonly registry: RepositoryRegistry,
    private readonly audit: AuditService,
  ) {}

  async open(folderId: string, backupId: string, q: DownloadQuery, actor: Actor): Promise<Download> {
    const backup = this.catalogs.committed(folderId, backupId);
    const repo = await this.registry.open(folderId);
    const isRoot = q.path === '/';
    const node: TreeNode | null = isRoot
      ? { name: 'backup', type: 'dir', mode: 0o40755, mtimeMs: backup.startedAt.getTime(), uid: 0, gid: 0, size: 0, subtree: backup.rootTreeId }
      : await resolveNode(repo, backup.rootTreeId, q.path);
    if (!node) throw notFound(`${q.path} in this backup`);
    this.audit.record(actor, { folderId, action: 'backup.download', resourceType: 'backup', resourceId: backupId, detail: { path: q.path, format: node.type === 'dir' ? q.format : 'file' } });
    const base = isRoot ? `backup-${backupId}` : path.basename(q.path);
    if (node.type === 'file') return { filename: base, contentType: 'application/octet-stream', length: node.size, body: fileContent(repo, node) };
    if (node.type === 'symlink') {
      const target = new TextEncoder().encode(node.target ?? '');
      return { filename: `${base}.symlink.txt`, contentType: 'text/plain; charset=utf-8', length: target.length, body: (async function* () {
        yield target;
      })() };
    }
    const entries = nodeExportEntries(node, repo, base);
    return q.format === 'zip'
      ? { filename: `${base}.zip`, contentType: 'application/zip', length: null, body: zipStream(entries) }
      : { filename: `${base}.tar`, contentType: 'application/x-tar', length: null, body: tarStream(entries) };
  }
}
