import { Hono } from 'hono';
import {
  CatalogPage,
  CatalogPageQuery,
  CatalogSearchQuery,
  CatalogSearchResult,
  CreatedTargetFolder,
  CreateTargetFolderRequest,
  DownloadQuery,
  FileVersions,
  FileVersionsQuery,
  Id,
  Operation,
  RestoreRequest,
  TargetFilesQuery,
  TargetListing,
} from '@cloud-backup/domain';
import { z } from 'zod';
import { doc, validate } from '../lib/openapi-meta';
import { inFolder } from '../middleware/folder-access.middleware';
import type { AppEnv } from '../app-env';
import { actor } from './folders.routes';

const BackupParams = z.object({ folderId: Id, backupId: Id });
const InstanceParams = z.object({ folderId: Id, instanceId: Id });

/** RFC 6266 attachment header that keeps non-ASCII names intact for browsers and safe for old ones. */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** A pull-based stream: the next chunk is read from the repository only when the client has taken the last. */
function toStream(body: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await it.next();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          // The client sees a broken download, never wrong bytes.
          console.error('[bff] download stopped:', error instanceof Error ? error.message : error);
          controller.error(error);
        }
      },
      async cancel() {
        await it.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}

export const restoresRoutes = new Hono<AppEnv>()
  .get(
    '/folders/:folderId/backups/:backupId/catalog',
    doc('restore', 'One directory of a backup, sorted and paged, with folder totals', CatalogPage),
    inFolder('backup.read'),
    validate('param', BackupParams),
    validate('query', CatalogPageQuery),
    async (c) => {
      const { folderId, backupId } = c.req.valid('param');
      return c.json(await c.var.services.catalogs.page(folderId, backupId, c.req.valid('query')));
    },
  )
  .get(
    '/folders/:folderId/backups/:backupId/catalog/search',
    doc('restore', 'Search a backup by name (substring, or glob with * and ?)', CatalogSearchResult),
    inFolder('backup.read'),
    validate('param', BackupParams),
    validate('query', CatalogSearchQuery),
    async (c) => {
      const { folderId, backupId } = c.req.valid('param');
      const { q, limit } = c.req.valid('query');
      return c.json(await c.var.services.catalogs.search(folderId, backupId, q, limit));
    },
  )
  .get(
    '/folders/:folderId/backups/:backupId/catalog/versions',
    doc('restore', "A path's version history across the archive's backups", FileVersions),
    inFolder('backup.read'),
    validate('param', BackupParams),
    validate('query', FileVersionsQuery),
    async (c) => {
      const { folderId, backupId } = c.req.valid('param');
      return c.json(await c.var.services.catalogs.versions(folderId, backupId, c.req.valid('query').path));
    },
  )
  .get(
    '/folders/:folderId/backups/:backupId/download',
    doc('restore', 'Download a file, or a folder as tar or zip, straight from a backup (streamed)'),
    inFolder('backup.read'),
    validate('param', BackupParams),
    validate('query', DownloadQuery),
    async (c) => {
      const { folderId, backupId } = c.req.valid('param');
      const d = await c.var.services.downloads.open(folderId, backupId, c.req.valid('query'), actor(c.var.user));
      const headers: Record<string, string> = { 'content-type': d.contentType, 'content-disposition': attachment(d.filename), 'cache-control': 'no-store' };
      if (d.length !== null) headers['content-length'] = String(d.length);
      return new Response(toStream(d.body), { status: 200, headers });
    },
  )
  .post(
    '/folders/:folderId/backups/:backupId/restore',
    doc('restore', 'Restore files, folders or the whole instance to a compatible instance', Operation, 201),
    inFolder('restore.run'),
    validate('param', BackupParams),
    validate('json', RestoreRequest),
    async (c) => {
      const { folderId, backupId } = c.req.valid('param');
      return c.json(await c.var.services.restores.create(folderId, backupId, c.req.valid('json'), actor(c.var.user)), 201);
    },
  )
  .get(
    '/folders/:folderId/instances/:instanceId/files',
    doc('restore', "One directory of the instance's own files, read by its agent", TargetListing),
    inFolder('restore.run'),
    validate('param', InstanceParams),
    validate('query', TargetFilesQuery),
    async (c) => {
      const { folderId, instanceId } = c.req.valid('param');
      return c.json(await c.var.services.targetFiles.list(folderId, instanceId, c.req.valid('query').path));
    },
  )
  .post(
    '/folders/:folderId/instances/:instanceId/files/folders',
    doc('restore', 'Create a folder on the instance (restore to a new custom location)', CreatedTargetFolder, 201),
    inFolder('restore.run'),
    validate('param', InstanceParams),
    validate('json', CreateTargetFolderRequest),
    async (c) => {
      const { folderId, instanceId } = c.req.valid('param');
      return c.json(await c.var.services.targetFiles.createFolder(folderId, instanceId, c.req.valid('json'), actor(c.var.user)), 201);
    },
  );
