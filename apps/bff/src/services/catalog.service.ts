import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildCatalog, Catalog, type CatalogEntry as EngineEntry } from '@cloud-backup/engine';
import type { CatalogItem, CatalogPage, CatalogPageQuery, CatalogSearchResult, FileVersions } from '@cloud-backup/domain';
import { conflict, notFound } from '../lib/errors';
import type { BackupRow, BackupsRepository } from '../repositories/backups.repository';
import type { RepositoryRegistry } from '../storage/repository-registry';

const MEMORY_SLOTS = 4;

export function toCatalogItem(e: EngineEntry): CatalogItem {
  return {
    name: e.name,
    path: e.path,
    type: e.type,
    size: e.size,
    mtime: new Date(e.mtimeMs).toISOString(),
    mode: e.mode,
    target: e.target,
    fileCount: e.fileCount,
    childCount: e.childCount,
  };
}

/**
 * Browsing without reading file contents: each committed backup's trees are flattened once into a catalog
 * (kept on disk under DATA_DIR/catalogs and a few in memory), which answers listings, searches and
 * version lookups in milliseconds even for a million files.
 */
export class CatalogService {
  private readonly loaded = new Map<string, Promise<Catalog>>();

  constructor(
    private readonly backups: BackupsRepository,
    private readonly registry: RepositoryRegistry,
    private readonly dataDir: string,
  ) {}

  /** The committed backup `backupId` of the folder, or 404/409. */
  committed(folderId: string, backupId: string): BackupRow & { rootTreeId: string } {
    const row = this.backups.findById(backupId);
    if (!row || row.folderId !== folderId) throw notFound('Backup');
    if (!row.rootTreeId) throw conflict('This backup has no catalog: it did not complete');
    return { ...row, rootTreeId: row.rootTreeId };
  }

  async catalog(folderId: string, backupId: string): Promise<Catalog> {
    const row = this.committed(folderId, backupId);
    let entry = this.loaded.get(backupId);
    if (entry) {
      // Most recently used last.
      this.loaded.delete(backupId);
      this.loaded.set(backupId, entry);
      return entry;
    }
    entry = this.load(row.folderId, row.id, row.rootTreeId);
    entry.catch(() => this.loaded.delete(backupId));
    this.loaded.set(backupId, entry);
    while (this.loaded.size > MEMORY_SLOTS) {
      const oldest = this.loaded.keys().next().value;
      if (oldest === undefined) break;
      this.loaded.delete(oldest);
    }
    return entry;
  }

  private file(backupId: string): string {
    return path.join(this.dataDir, 'catalogs', `${backupId}.cbcat`);
  }

  private async load(folderId: string, backupId: string, rootTreeId: string): Promise<Catalog> {
    const file = this.file(backupId);
    try {
      return Catalog.deserialize(await readFile(file));
    } catch {
      // Missing or unreadable (older format, crash mid-write): rebuild from the trees.
    }
    const repo = await this.registry.open(folderId);
    const catalog = await buildCatalog(rootTreeId, (id) => repo.readTree(id));
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    await writeFile(tmp, catalog.serialize());
    await rename(tmp, file);
    return catalog;
  }

  /** Forget a deleted backup's catalog. */
  async drop(backupId: string): Promise<void> {
    this.loaded.delete(backupId);
    await rm(this.file(backupId), { force: true });
  }

  async page(folderId: string, backupId: string, q: CatalogPageQuery): Promise<CatalogPage> {
    const catalog = await this.catalog(folderId, backupId);
    const index = catalog.lookup(q.path);
    if (index < 0) throw notFound(`Folder ${q.path} in this backup`);
    const dir = catalog.entry(index);
    if (dir.type !== 'dir') throw conflict(`${q.path} is a ${dir.type}, not a folder`);
    const { total, entries } = catalog.list(q.path, { sort: q.sort, order: q.order, offset: q.offset, limit: q.limit });
    return { path: dir.path, dir: toCatalogItem(dir), total, offset: q.offset, entries: entries.map(toCatalogItem) };
  }

  async search(folderId: string, backupId: string, q: string, limit: number): Promise<CatalogSearchResult> {
    const catalog = await this.catalog(folderId, backupId);
    const started = performance.now();
    const { total, items } = catalog.search(q, limit);
    return { q, total, items: items.map(toCatalogItem), tookMs: Math.round((performance.now() - started) * 100) / 100 };
  }

  async versions(folderId: string, backupId: string, filePath: string): Promise<FileVersions> {
    const row = this.committed(folderId, backupId);
    const history = this.backups.successfulOfArchive(row.archiveId);
    const found = await Promise.all(
      history.map(async (b) => {
        const catalog = await this.catalog(folderId, b.id);
        const i = catalog.lookup(filePath);
        return { b, e: i < 0 ? null : catalog.entry(i) };
      }),
    );
    // Oldest first to mark where the content changed, then newest first for the answer.
    let previous: string | null | undefined;
    const versions = [...found].reverse().map(({ b, e }) => {
      const key = e ? `${e.type}:${e.fingerprint ?? ''}:${e.target ?? ''}:${e.type === 'dir' ? '' : e.size}` : null;
      const changed = e !== null && (previous === undefined || key !== previous);
      if (e) previous = key;
      return {
        backupId: b.id,
        startedAt: b.startedAt.toISOString(),
        type: b.type,
        status: b.status,
        present: e !== null,
        entryType: e?.type ?? null,
        size: e?.size ?? null,
        mtime: e ? new Date(e.mtimeMs).toISOString() : null,
        changed,
      };
    });
    return { path: filePath, archiveId: row.archiveId, versions: versions.reverse() };
  }
}
