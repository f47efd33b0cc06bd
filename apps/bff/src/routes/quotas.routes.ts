import { Hono } from 'hono';
import { FolderQuotas, Id, UpdateLimitsRequest } from '@cloud-backup/domain';
import { z } from 'zod';
import { doc, validate } from '../lib/openapi-meta';
import { inFolder } from '../middleware/folder-access.middleware';
import { requireInstallationAdmin, requireSession } from '../middleware/session.middleware';
import type { AppEnv } from '../app-env';
import { actor } from './folders.routes';

const FolderParams = z.object({ folderId: Id });

/** The Quotas page: use against each limit of SPEC §6; only an installation admin changes a folder's limits. */
export const quotasRoutes = new Hono<AppEnv>()
  .get('/folders/:folderId/quotas', doc('quotas', "The folder's use of each limit", FolderQuotas), inFolder('quota.read'), async (c) =>
    c.json(await c.var.services.quotas.get(c.req.param('folderId'))),
  )
  .put(
    '/folders/:folderId/quotas',
    doc('quotas', "Change the folder's limits (installation admin)", FolderQuotas),
    requireSession,
    requireInstallationAdmin,
    validate('param', FolderParams),
    validate('json', UpdateLimitsRequest),
    async (c) => c.json(await c.var.services.quotas.update(c.req.valid('param').folderId, c.req.valid('json'), actor(c.var.user))),
  );
