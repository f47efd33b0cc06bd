import { Hono } from 'hono';
import { Backup, BackupList, BackupListQuery, BackupNowRequest, Id, listOf, Operation, StorageUsage } from '@cloud-backup/domain';
import { z } from 'zod';
import { doc, validate } from '../lib/openapi-meta';
import { inFolder } from '../middleware/folder-access.middleware';
import type { AppEnv } from '../app-env';
import { actor } from './folders.routes';

const BackupParams = z.object({ folderId: Id, backupId: Id });

export const backupsRoutes = new Hono<AppEnv>()
  .get('/folders/:folderId/backups', doc('backups', 'Backups of the folder, filtered, sorted and paged', BackupList), inFolder('backup.read'), validate('query', BackupListQuery), (c) =>
    c.json(c.var.services.backups.list(c.req.param('folderId'), c.req.valid('query'))),
  )
  .get('/folders/:folderId/backups/:backupId', doc('backups', 'One backup with its figures and warnings', Backup), inFolder('backup.read'), validate('param', BackupParams), (c) => {
    const { folderId, backupId } = c.req.valid('param');
    return c.json(c.var.services.backups.get(folderId, backupId));
  })
  .delete(
    '/folders/:folderId/backups/:backupId',
    doc('backups', 'Delete a backup (others stay restorable); garbage collection follows', Operation),
    inFolder('backup.delete'),
    validate('param', BackupParams),
    (c) => {
      const { folderId, backupId } = c.req.valid('param');
      return c.json(c.var.services.backups.delete(folderId, backupId, actor(c.var.user)));
    },
  )
  .post(
    '/folders/:folderId/backups/:backupId/verify',
    doc('backups', 'Verify the folder repository: re-read every pack and check every chunk', Operation, 201),
    inFolder('backup.run'),
    validate('param', BackupParams),
    (c) => {
      const { folderId, backupId } = c.req.valid('param');
      return c.json(c.var.services.backups.verify(folderId, backupId, actor(c.var.user)), 201);
    },
  )
  .post(
    '/folders/:folderId/instances/:instanceId/backups',
    doc('backups', 'Back up now: one instance under one of its linked policies', Operation, 201),
    inFolder('backup.run'),
    validate('param', z.object({ folderId: Id, instanceId: Id })),
    validate('json', BackupNowRequest),
    (c) => {
      const { folderId, instanceId } = c.req.valid('param');
      return c.json(c.var.services.backups.backupNow(folderId, instanceId, c.req.valid('json').policyId, actor(c.var.user)), 201);
    },
  )
  .post(
    '/folders/:folderId/policies/:policyId/backups',
    doc('backups', 'Back up now: every instance linked to the policy', listOf(Operation), 201),
    inFolder('backup.run'),
    validate('param', z.object({ folderId: Id, policyId: Id })),
    (c) => {
      const { folderId, policyId } = c.req.valid('param');
      return c.json({ items: c.var.services.backups.backupPolicyNow(folderId, policyId, actor(c.var.user)) }, 201);
    },
  )
  .get('/folders/:folderId/storage', doc('backups', 'Storage used by the folder, per instance and per archive', StorageUsage), inFolder('quota.read'), async (c) =>
    c.json(await c.var.services.backups.storage(c.req.param('folderId'))),
  );
